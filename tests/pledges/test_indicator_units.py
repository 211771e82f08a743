"""Which indicator units cannot be negative, and the editor and the report form refusing
a negative value of one next to the field."""

import pytest
from django.urls import reverse

from pledges.models import Party
from pledges.units import unit_allows_negative
from tests.helpers import logged_in
from tests.html import field_error

from .editor_pages import measure_data


@pytest.mark.parametrize(
    "unit",
    ["st", "antal", "ton CO₂e", "kg", "kWh", "MWh/år", "km", "ha", "m²", "m3", "%", "procent",
     "personer", "antal deltagare", "liter", "Ton"],
)  # fmt: skip
def test_quantities_and_counts_cannot_be_negative(unit):
    assert not unit_allows_negative(unit)


@pytest.mark.parametrize(
    "unit",
    ["°C", "grader", "förändring i %", "minskning, ton CO₂e", "kr", "kr/år", "netto ton CO₂e",
     "ökning kWh", "index", ""],
)  # fmt: skip
def test_changes_temperatures_money_and_unknown_units_may_be_negative(unit):
    assert unit_allows_negative(unit)


def test_the_editor_refuses_a_negative_baseline_or_target_of_a_count(coordinator, draft):
    measure = draft.measures.get(party=Party.ACTOR)
    response = logged_in(coordinator).post(
        reverse("pledges:measure_edit", args=[draft.pk, measure.pk]),
        measure_data(
            measure.revision, heading="Laddplatser", text="Vi bygger laddplatser.",
            unit="st", baseline="-3", target="-10",
        ),
    )  # fmt: skip
    assert response.status_code == 200
    assert "Värdet kan inte vara negativt i enheten st." in field_error(
        response, "indicator_baseline"
    )
    assert "Värdet kan inte vara negativt" in field_error(response, "indicator_target")
    measure.refresh_from_db()
    assert measure.indicator_baseline is None


def test_the_editor_keeps_a_negative_value_where_the_unit_allows_it(coordinator, draft):
    measure = draft.measures.get(party=Party.ACTOR)
    response = logged_in(coordinator).post(
        reverse("pledges:measure_edit", args=[draft.pk, measure.pk]),
        measure_data(
            measure.revision, heading="Kyla", text="Vi sänker temperaturen.",
            unit="°C", baseline="-2", target="-4",
        ),
    )  # fmt: skip
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.indicator_target == -4
