"""The pledge editor writes an indicator's numbers as a Swedish reader does ("12 000",
"9 500,5"): in the list of measures, and in the "what is saved now" box of a conflict."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pledges.models import Measure, Party, Pledge
from tests import factories
from tests.helpers import logged_in
from tests.html import by_class, page, text

from .editor_pages import measure_data

NBSP = "\xa0"


@pytest.fixture
def draft(actor_a):
    pledge = factories.pledge_in_status(
        Pledge.Status.DRAFT, actor=actor_a, start_year=2030, end_year=2033
    )
    Measure.objects.filter(pledge=pledge, party=Party.ACTOR).update(
        indicator_unit="kWh",
        indicator_baseline=Decimal("12000"),
        indicator_target=Decimal("9500.5"),
    )
    return pledge


def test_the_editor_lists_the_indicator_the_swedish_way(draft, coordinator):
    response = logged_in(coordinator).get(reverse("pledges:edit", args=[draft.pk]))
    assert f"Indikator: 12{NBSP}000 → 9{NBSP}500,5 kWh" in response.content.decode()


def test_a_conflict_shows_the_saved_number_the_swedish_way(draft, coordinator, editor_a):
    measure = draft.measures.get(party=Party.ACTOR)
    address = reverse("pledges:measure_edit", args=[draft.pk, measure.pk])
    read_at = draft.revision

    def typed(baseline):
        return measure_data(
            read_at, heading=measure.heading, text=measure.text, unit="kWh", baseline=baseline,
            target="9500,5",
        )  # fmt: skip

    assert logged_in(coordinator).post(address, typed("11 000")).status_code == 302
    refused = logged_in(editor_a).post(address, typed("10000"))

    assert refused.status_code == 200
    saved = [text(box) for box in by_class(page(refused), "saved-value")]
    assert saved == ["11 000"]  # text() reads the no-break space as a space
    assert f"11{NBSP}000" in refused.content.decode()
