import pytest

from tests import factories
from tests.helpers import errors


def test_actor_municipality_must_lie_in_its_county(kronoberg):
    actor = factories.ActorFactory.build(county=kronoberg, municipality="0880")  # Kalmar
    assert errors(actor) == {"municipality": ["Kommunen ligger inte i Kronobergs län."]}
    actor.municipality = "0780"  # Växjö
    actor.full_clean()
    assert actor.municipality_name == "Växjö"


def test_actor_municipality_is_a_four_digit_code(kronoberg):
    actor = factories.ActorFactory.build(county=kronoberg, municipality="780")
    assert errors(actor) == {"municipality": ["En kommunkod har fyra siffror."]}


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{actor} och {landshovding} intygar.",
            "Okända fält i mallen: {landshovding}. Tillåtna är {actor}, {board} och {end_year}.",
        ),
        ("{actor} och {board intygar.", "Mallen har en klammerparentes som inte stängs."),
    ],
)
def test_county_closing_template_refuses_unknown_fields(kronoberg, template, message):
    kronoberg.closing_declaration_template = template
    assert errors(kronoberg) == {"closing_declaration_template": [message]}


def test_county_closing_template_with_known_fields_passes(kronoberg):
    kronoberg.closing_declaration_template = "{actor} och {board} fram till år {end_year}."
    kronoberg.full_clean()
    assert kronoberg.closing_declaration(actor_name="A", end_year=2030) == (
        "A och Länsstyrelsen i Kronobergs län fram till år 2030."
    )


def test_user_email_is_normalised_to_lower_case(db):
    from actors.models import User

    assert User.objects.create_user("Karin.K@Example.ORG").email == "karin.k@example.org"
    user = User(email="Nils.N@Example.ORG")
    user.set_unusable_password()
    user.full_clean()
    assert user.email == "nils.n@example.org"
