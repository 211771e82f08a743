"""Numbers as a Swedish reader writes them ("20", "2 400", "20,5"), and read back as
people type them ("2100,5", "2100.5", "2 100,50")."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from pledges.numbers import format_number, parse_number

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("20.00"), "20"),
        (Decimal("2400.00"), f"2{NBSP}400"),
        (Decimal("20.50"), "20,5"),
        (Decimal("2100.55"), f"2{NBSP}100,55"),
        (Decimal("1234567.8"), f"1{NBSP}234{NBSP}567,8"),
        (Decimal("0.00"), "0"),
        (Decimal("-0.00"), "0"),
        (Decimal("-1500.25"), f"-1{NBSP}500,25"),
        (Decimal("100"), "100"),
        (72, "72"),
        (2.5, "2,5"),
        # A signed version's snapshot keeps its decimals as text.
        ("20.00", "20"),
        ("2400.50", f"2{NBSP}400,5"),
        (None, ""),
        ("", ""),
        ("ingen siffra", "ingen siffra"),
    ],
)
def test_a_decimal_as_a_swedish_reader_writes_it(value, shown):
    assert format_number(value) == shown


def test_in_english_it_is_written_the_english_way():
    with translation.override("en"):
        assert format_number(Decimal("2400.50")) == "2,400.5"
        assert format_number(Decimal("2400.50"), language="sv") == f"2{NBSP}400,5"


def test_without_grouping_for_a_spreadsheet():
    assert format_number(Decimal("12400.50"), grouping=False) == "12400,5"
    with translation.override("en"):
        assert format_number(Decimal("12400.50"), grouping=False, language="sv") == "12400,5"


def test_the_template_filter_and_a_dash_for_nothing():
    template = Template('{% load numbers %}{{ a|number }} {{ b|number|default:"–" }}')
    assert template.render(Context({"a": Decimal("2400.00"), "b": None})) == f"2{NBSP}400 –"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("2100,5", "2100.5"),
        ("2100.5", "2100.5"),
        ("2 100,50", "2100.50"),
        (f"2{NBSP}100,5", "2100.5"),
        ("2\u202f100,5", "2100.5"),  # a narrow no-break space, as some keyboards type
        (" 72 ", "72"),
        ("-3,5", "-3.5"),
        ("\u22123,5", "-3.5"),
        (",5", "0.5"),
    ],
)
def test_what_people_type_is_read_as_the_number_they_mean(typed, value):
    assert parse_number(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["", "tusen", "2.400,50", "2,400.50", "1,2,3", "1e3", "12 kr"])
def test_what_is_not_a_number_is_refused_rather_than_guessed(typed):
    with pytest.raises(ValueError):
        parse_number(typed)


def test_in_english_a_comma_groups_thousands_and_nothing_else():
    with translation.override("en"):
        assert parse_number("2,400.5") == Decimal("2400.5")
        assert parse_number("2400.5") == Decimal("2400.5")
        for ambiguous in ("2,5", "2,40"):
            with pytest.raises(ValueError):
                parse_number(ambiguous)


def test_what_is_shown_reads_back_as_the_same_number():
    for value in ("2400.00", "20.50", "-1234567.89", "0.01"):
        for language in ("sv", "en"):
            with translation.override(language):
                assert parse_number(format_number(Decimal(value))) == Decimal(value)
