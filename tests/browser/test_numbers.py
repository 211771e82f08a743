"""Numbers survive the browser: a value typed with a decimal comma is saved, shown again
after a reload as a Swedish reader writes it, and saved again unchanged (Chromium shows
an `<input type="number">` holding "2100,50" as empty, and posts it back blank)."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from actors.models import Actor
from followup.models import MeasureReport, Report, Round
from pledges.demo import DEMO_USERS
from pledges.models import Measure, Party, Pledge
from tests.factories import signed_pledge_with

from .a11y import assert_accessible
from .pages import draft_pledge, log_in_as

NBSP = "\xa0"


@pytest.fixture
def report_with_indicator(demo_site):
    """A report of the demo editor's actor on a pledge whose second measure has an
    indicator (ton CO₂e, from 100 to 50)."""
    actor = Actor.objects.get(memberships__user__email=DEMO_USERS["editor"].email)
    pledge = signed_pledge_with(actor, 3, start_year=2030, end_year=2033)
    today = datetime.date.today()
    round = Round.objects.create(
        county=actor.county,
        kind=Round.Kind.CUSTOM,
        title="Uppföljning med indikator",
        opens=today,
        due=today + datetime.timedelta(days=30),
        opened_at=datetime.datetime.now(datetime.UTC),
    )
    return Report.objects.create_for(round, pledge)


def test_an_indicator_value_with_decimals_survives_a_draft_a_reload_and_submitting(
    report_with_indicator, page
):
    report = report_with_indicator
    measured = report.measure_reports.get(measure__indicator_unit="ton CO₂e")
    field = page.locator(f"#id_m{measured.pk}-indicator_value")
    log_in_as(page, "editor")
    page.goto(f"/arbetsyta/rapporter/{report.pk}/")

    field.fill("2100,5")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_role("status")).to_contain_text("sparat")
    assert MeasureReport.objects.get(pk=measured.pk).indicator_value == Decimal("2100.50")

    page.goto(f"/arbetsyta/rapporter/{report.pk}/")
    expect(field).to_have_value(f"2{NBSP}100,5")

    # Saving again without touching the value keeps it (the field once came back blank).
    for mr in report.measure_reports.filter(measure__party=Party.ACTOR):
        page.locator(f"#id_m{mr.pk}-status_0").check()
    page.get_by_role("button", name="Skicka in").click()
    expect(page.get_by_role("status")).to_contain_text("Rapporten är inskickad")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert MeasureReport.objects.get(pk=measured.pk).indicator_value == Decimal("2100.50")


def test_a_saved_indicator_value_is_shown_and_kept_by_a_save_that_does_not_touch_it(
    report_with_indicator, page
):
    """A value saved earlier (here 72,25) must not come back as an empty box, for the
    next "Spara utkast", about something else, would delete it."""
    report = report_with_indicator
    measured = report.measure_reports.get(measure__indicator_unit="ton CO₂e")
    MeasureReport.objects.filter(pk=measured.pk).update(indicator_value=Decimal("72.25"))
    log_in_as(page, "editor")
    page.goto(f"/arbetsyta/rapporter/{report.pk}/")
    expect(page.locator(f"#id_m{measured.pk}-indicator_value")).to_have_value("72,25")

    page.locator(f"#id_m{measured.pk}-comment").fill("Vi har kommit en bit.")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_role("status")).to_contain_text("sparat")
    saved = MeasureReport.objects.get(pk=measured.pk)
    assert (saved.comment, saved.indicator_value) == ("Vi har kommit en bit.", Decimal("72.25"))


def test_a_value_that_is_not_a_number_is_kept_and_explained(report_with_indicator, page):
    report = report_with_indicator
    measured = report.measure_reports.get(measure__indicator_unit="ton CO₂e")
    field = page.locator(f"#id_m{measured.pk}-indicator_value")
    log_in_as(page, "editor")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/arbetsyta/rapporter/{report.pk}/")
    assert field.get_attribute("inputmode") == "decimal"

    field.fill("ungefär 2000")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.locator(f"#div_id_m{measured.pk}-indicator_value .invalid-feedback")).to_have_text(
        "Skriv ett tal, till exempel 2 100,5."
    )
    expect(field).to_have_value("ungefär 2000")
    assert MeasureReport.objects.get(pk=measured.pk).indicator_value is None
    assert_accessible(page)


def test_a_measures_baseline_and_target_survive_saving_twice(demo_site, page):
    pledge = draft_pledge()
    measure = pledge.measures.filter(party=Party.ACTOR).first()
    address = f"/arbetsyta/lofte/{pledge.pk}/atgard/{measure.pk}/"
    log_in_as(page, "coordinator")
    page.goto(address)

    page.get_by_label("Indikatorns enhet").fill("ton CO₂e")
    page.get_by_label("Utgångsvärde").fill("2 400")
    page.get_by_label("Målvärde").fill("20,5")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("sparad")
    measure.refresh_from_db()
    assert (measure.indicator_baseline, measure.indicator_target) == (
        Decimal("2400.00"),
        Decimal("20.50"),
    )

    page.goto(address)
    expect(page.get_by_label("Utgångsvärde")).to_have_value(f"2{NBSP}400")
    expect(page.get_by_label("Målvärde")).to_have_value("20,5")
    revision = Pledge.objects.get(pk=pledge.pk).revision
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("sparad")
    saved = Measure.objects.get(pk=measure.pk)
    assert (saved.indicator_baseline, saved.indicator_target) == (
        Decimal("2400.00"),
        Decimal("20.50"),
    )
    # It was a save, not a refusal: the pledge's revision moved on.
    assert Pledge.objects.get(pk=pledge.pk).revision > revision


def test_the_measure_form_with_a_bad_number_is_accessible_on_a_phone(demo_site, page):
    pledge = draft_pledge()
    measure = pledge.measures.filter(party=Party.ACTOR).first()
    log_in_as(page, "coordinator")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/arbetsyta/lofte/{pledge.pk}/atgard/{measure.pk}/")
    assert page.get_by_label("Utgångsvärde").get_attribute("inputmode") == "decimal"
    page.get_by_label("Indikatorns enhet").fill("ton CO₂e")
    page.get_by_label("Utgångsvärde").fill("två tusen")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("#div_id_indicator_baseline .invalid-feedback")).to_have_text(
        "Skriv ett tal, till exempel 2 100,5."
    )
    expect(page.get_by_label("Utgångsvärde")).to_have_value("två tusen")
    assert_accessible(page)
