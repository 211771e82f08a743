"""The rules forms rely on: clean() refuses with a Swedish message on the right field."""

import pytest

from pledges.models import MeasureLink, Pledge
from tests import factories
from tests.helpers import errors, validation_errors


@pytest.fixture
def pledge(actor_a):
    return factories.PledgeFactory(actor=actor_a, start_year=2024, end_year=2027)


def test_a_valid_pledge_passes(pledge):
    assert validation_errors(pledge) == {}


def test_a_one_year_pledge_passes(pledge):
    pledge.end_year = pledge.start_year
    assert validation_errors(pledge) == {}


def test_pledge_end_year_before_start_year(pledge):
    pledge.end_year = 2023
    assert errors(pledge) == {"end_year": ["Slutåret kan inte vara före startåret."]}


def test_pledge_with_an_actor_of_another_county(pledge, kalmar):
    pledge.actor = factories.ActorFactory(county=kalmar)
    assert errors(pledge) == {"actor": ["Aktören hör till ett annat län."]}


def test_pledge_with_both_errors_reports_both(pledge, kalmar):
    pledge.end_year = 2000
    pledge.actor = factories.ActorFactory(county=kalmar)
    assert set(errors(pledge)) == {"end_year", "actor"}


def test_new_pledge_gets_a_unique_slug_from_actor_and_year(actor_a):
    first = factories.PledgeFactory(actor=actor_a, start_year=2024)
    second = factories.PledgeFactory(actor=actor_a, start_year=2024)
    assert first.slug == "aktor-a-ab-2024"
    assert second.slug == "aktor-a-ab-2024-2"


@pytest.fixture
def kronoberg_programme_measure(kronoberg):
    programme = factories.ProgrammeFactory(county=kronoberg)
    return factories.ProgrammeMeasureFactory(theme=factories.ThemeFactory(programme=programme))


def test_measure_link_to_the_pledges_own_county_passes(pledge, kronoberg_programme_measure):
    measure = factories.MeasureFactory(pledge=pledge)
    link = MeasureLink(measure=measure, programme_measure=kronoberg_programme_measure)
    assert validation_errors(link) == {}


def test_measure_link_to_another_countys_programme_is_refused(pledge, kalmar_programme_measure):
    measure = factories.MeasureFactory(pledge=pledge)
    link = MeasureLink(measure=measure, programme_measure=kalmar_programme_measure)
    assert errors(link) == {
        "programme_measure": ["Åtgärden hör till ett annat läns åtgärdsprogram."]
    }


def test_measure_link_to_the_same_programme_measure_twice_is_refused(
    pledge, kronoberg_programme_measure
):
    measure = factories.MeasureFactory(pledge=pledge)
    MeasureLink.objects.create(measure=measure, programme_measure=kronoberg_programme_measure)
    link = MeasureLink(measure=measure, programme_measure=kronoberg_programme_measure)
    assert list(errors(link)) == ["__all__"]


def test_measure_indicator_needs_a_unit(pledge):
    measure = factories.MeasureFactory.build(pledge=pledge, indicator_target=100)
    assert errors(measure) == {
        "indicator_unit": ["Ange en enhet för indikatorn, till exempel ton CO₂e."]
    }
    measure.indicator_unit = "ton CO₂e"
    measure.full_clean()


def test_new_pledge_gets_the_countys_standard_commitments(pledge, kronoberg):
    kronoberg.standard_commitments = "följa upp löftet.\n\n  lyfta fram goda exempel.  \n"
    kronoberg.save()
    pledge.county.refresh_from_db()
    pledge.add_standard_commitments()
    board = pledge.measures.filter(party="board")
    assert [m.text for m in board] == ["följa upp löftet.", "lyfta fram goda exempel."]


def test_closing_declaration_fills_in_actor_board_and_end_year(pledge, kronoberg):
    kronoberg.closing_declaration_template = "{actor} och {board} lovar fram till år {end_year}."
    kronoberg.save()
    pledge = Pledge.objects.get(pk=pledge.pk)
    assert pledge.closing_declaration() == (
        "Aktör A AB och Länsstyrelsen i Kronobergs län lovar fram till år 2027."
    )
