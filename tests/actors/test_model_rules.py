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


def test_editors_of_an_actor_are_its_active_editors_only(actor_a, actor_b, editor_a, editor_b):
    from actors.models import Membership, User

    signatory = factories.MembershipFactory(actor=actor_a, role=Membership.Role.SIGNATORY).user
    gone = factories.MembershipFactory(actor=actor_a, user__is_active=False).user
    # An editor who is also the signatory is one representative, not two.
    factories.MembershipFactory(actor=actor_a, user=editor_a, role=Membership.Role.SIGNATORY)

    assert list(User.objects.editors_of(actor_a)) == [editor_a]
    assert list(User.objects.editors_of(actor_b.pk)) == [editor_b]
    assert signatory not in User.objects.editors_of(actor_a)
    assert gone not in User.objects.editors_of(actor_a)


def test_coordinators_of_a_county_are_its_active_coordinators_only(
    kronoberg, kalmar, coordinator, other_coordinator
):
    from actors.models import User

    gone = factories.CountyRoleFactory(county=kronoberg, user__is_active=False).user
    second = factories.CountyRoleFactory(county=kronoberg, user__email="a-first@example.org").user

    assert list(User.objects.coordinators_of(kronoberg)) == [second, coordinator]
    assert list(User.objects.coordinators_of(kalmar.pk)) == [other_coordinator]
    assert gone not in User.objects.coordinators_of(kronoberg)
