"""Indicator numbers where people read them: "2 400", "20,5", never "2400,00" or "20.50"
(the public page, its follow-up results, the report form, the review), and
in the CSV a decimal comma without a thousands separator, for the spreadsheet."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from followup.models import MeasureReport, Report
from pledges.models import Measure, Party
from tests.factories import report_in_status
from tests.helpers import logged_in

from .report_pages import url_of

NBSP = "\xa0"


@pytest.fixture
def measured(pledge_a):
    """Actor A's signed pledge, its measure with an indicator from 2 400 to 20,5 ton CO₂e
    (set past the model's lock: the pledge is signed)."""
    measure = pledge_a.measures.get(party=Party.ACTOR)
    Measure.objects.filter(pk=measure.pk).update(
        indicator_unit="ton CO₂e",
        indicator_baseline=Decimal("2400.00"),
        indicator_target=Decimal("20.50"),
    )
    return Measure.objects.get(pk=measure.pk)


@pytest.fixture
def reported(measured, halfway_round, editor_a):
    """The halfway report, submitted with the indicator at 2 100,5."""
    report = Report.objects.create_for(halfway_round, measured.pledge)
    report_in_status(Report.Status.SUBMITTED, report, editor=editor_a)
    MeasureReport.objects.filter(report=report, measure=measured).update(
        indicator_value=Decimal("2100.50")
    )
    return report


def body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_page_writes_the_indicator_the_swedish_way(client, measured):
    html = body(client.get(measured.pledge.get_absolute_url()))
    assert f"Indikator: från 2{NBSP}400 till 20,5 ton CO₂e" in html


def test_the_public_follow_up_result_too(client, reported, coordinator):
    reported.accept(by=coordinator)
    html = body(client.get(reported.pledge.get_absolute_url()))
    assert f"(indikator: 2{NBSP}100,5 ton CO₂e)" in html


def test_the_review_page(reported, coordinator):
    html = body(logged_in(coordinator).get(reverse("followup:report_review", args=[reported.pk])))
    assert f"2{NBSP}100,5 ton CO₂e (utgångsläge 2{NBSP}400, mål 20,5)" in html


def test_the_report_form_read_only_and_beside_the_field(reported, coordinator, editor_a):
    # Submitted: the actor's part is shown read-only to the coordinator.
    html = body(logged_in(coordinator).get(url_of(reported)))
    assert f"2{NBSP}100,5 ton CO₂e (utgångsvärde 2{NBSP}400, mål 20,5)" in html
    # Sent back, the editor fills it in again: the help text beside the field.
    reported.request_changes(by=coordinator, note="Komplettera.")
    html = body(logged_in(editor_a).get(url_of(reported)))
    assert f"Utgångsvärde: 2{NBSP}400 ton CO₂e. Målvärde: 20,5 ton CO₂e." in html


def test_the_csv_keeps_a_decimal_comma_and_no_thousands_separator(reported, coordinator):
    response = logged_in(coordinator).get(
        reverse("followup:round_export", args=[reported.round.pk, "csv"])
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    values = {row["Indikatorns värde"] for row in rows if row["Enhet"] == "ton CO₂e"}
    assert values == {"2100,5"}
