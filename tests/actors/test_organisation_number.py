import pytest
from django.core.exceptions import ValidationError

from actors.validators import (
    luhn_valid,
    normalise_organisation_number,
    validate_organisation_number,
)
from tests import factories

FORMAT_MESSAGE = "Ett organisationsnummer har tio siffror, till exempel 556036-0793."
CHECKSUM_MESSAGE = "Organisationsnumret stämmer inte: kontrollsiffran är fel. Kontrollera numret."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("556036-0793", "556036-0793"),
        ("5560360793", "556036-0793"),
        ("556036 0793", "556036-0793"),
        ("5560 3607 93", "556036-0793"),
        (" 556036-0793 ", "556036-0793"),
        ("212000-0142", "212000-0142"),  # a public authority's number
    ],
)
def test_valid_numbers_are_normalised(value, expected):
    assert normalise_organisation_number(value) == expected
    validate_organisation_number(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("556036-0794", "checksum"),
        ("5560360790", "checksum"),
        ("556036-079", "format"),
        ("55603607931", "format"),
        ("5560-360793", "format"),
        ("556036--0793", "format"),
        ("55603607a3", "format"),
        ("", "format"),
    ],
)
def test_invalid_numbers_are_refused(value, code):
    with pytest.raises(ValidationError) as exc:
        normalise_organisation_number(value)
    assert exc.value.code == code
    assert exc.value.messages == [FORMAT_MESSAGE if code == "format" else CHECKSUM_MESSAGE]


@pytest.mark.parametrize(
    ("digits", "valid"), [("5560360793", True), ("5560360794", False), ("0000000000", True)]
)
def test_luhn(digits, valid):
    assert luhn_valid(digits) is valid


@pytest.mark.parametrize(
    "value", ["556036-0793", "5560360793", "556036 0793", "5560 3607 93", " 556036-0793 "]
)
def test_actor_full_clean_stores_the_number_normalised(kronoberg, value):
    actor = factories.ActorFactory.build(county=kronoberg, organisation_number=value)
    actor.full_clean()
    assert actor.organisation_number == "556036-0793"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("556036-0794", CHECKSUM_MESSAGE),
        ("556036-079", FORMAT_MESSAGE),
        ("55603607931", FORMAT_MESSAGE),
        ("556036 07", FORMAT_MESSAGE),
    ],
)
def test_actor_full_clean_puts_the_swedish_message_on_the_field(kronoberg, value, message):
    actor = factories.ActorFactory.build(county=kronoberg, organisation_number=value)
    with pytest.raises(ValidationError) as exc:
        actor.full_clean()
    assert exc.value.message_dict == {"organisation_number": [message]}


def test_an_actor_needs_no_organisation_number(kronoberg):
    actor = factories.ActorFactory.build(county=kronoberg, organisation_number="")
    actor.full_clean()
    assert actor.organisation_number == ""
