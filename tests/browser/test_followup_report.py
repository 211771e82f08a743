"""The report form in Chromium: filled in and submitted with the keyboard alone, and
accessible with errors shown; the page of a used one-time link too."""

import datetime

import pytest
from playwright.sync_api import expect

from actors.models import Actor
from followup.models import Report, ReportLink, Round
from pledges.demo import DEMO_USERS
from pledges.models import Party
from tests.factories import signed_pledge_with

from .a11y import assert_accessible
from .pages import log_in_as, log_in_with_keyboard, tab_to


@pytest.fixture
def five_measure_report(demo_site):
    actor = Actor.objects.get(memberships__user__email=DEMO_USERS["editor"].email)
    pledge = signed_pledge_with(actor, 5, start_year=2030, end_year=2033)
    today = datetime.date.today()
    round = Round.objects.create(
        county=actor.county,
        kind=Round.Kind.CUSTOM,
        title="Uppföljning i test",
        opens=today,
        due=today + datetime.timedelta(days=30),
        opened_at=datetime.datetime.now(datetime.UTC),
    )
    return Report.objects.create_for(round, pledge)


def test_an_actor_fills_in_and_submits_five_measures_with_the_keyboard(five_measure_report, page):
    report = five_measure_report
    log_in_with_keyboard(page, DEMO_USERS["editor"].email)
    page.goto(f"/arbetsyta/rapporter/{report.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uppföljning i test")

    measures = list(report.measure_reports.filter(measure__party=Party.ACTOR))
    assert len(measures) == 5
    for n, mr in enumerate(measures):
        tab_to(page, page.locator(f"#id_m{mr.pk}-status_0"))
        if n == 4:
            # Arrow keys move through the radio group and choose: "Ej aktuell" is last.
            for _ in range(4):
                page.keyboard.press("ArrowDown")
            expect(page.locator(f"#id_m{mr.pk}-status_4")).to_be_checked()
            page.keyboard.press("Tab")
            page.keyboard.type("Verksamheten har flyttat.")
        else:
            page.keyboard.press("Space")
            expect(page.locator(f"#id_m{mr.pk}-status_0")).to_be_checked()
            page.keyboard.press("Tab")
            page.keyboard.type(f"Klart, åtgärd {n + 1}.")
        if mr.measure.indicator_unit:
            tab_to(page, page.locator(f"#id_m{mr.pk}-indicator_value"))
            page.keyboard.type("72,5")
    tab_to(page, page.get_by_label("Övergripande kommentar"))
    page.keyboard.type("Ett bra år.")
    tab_to(page, page.get_by_role("button", name="Skicka in"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Rapporten är inskickad")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    statuses = [mr.status for mr in report.measure_reports.filter(measure__party=Party.ACTOR)]
    assert statuses == ["done"] * 4 + ["not_relevant"]
    assert report.comment == "Ett bra år."


def test_the_report_form_with_errors_shown_is_accessible(five_measure_report, page):
    report = five_measure_report
    log_in_as(page, "editor")
    page.goto(f"/arbetsyta/rapporter/{report.pk}/")
    assert_accessible(page)
    mr = report.measure_reports.filter(measure__party=Party.ACTOR).first()
    page.locator(f"#id_m{mr.pk}-status_4").check()  # Ej aktuell, without a reason
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator(f"#div_id_m{mr.pk}-comment .invalid-feedback")).to_be_visible()
    assert_accessible(page)


def test_the_pages_of_a_used_link_are_accessible(five_measure_report, page):
    report = five_measure_report
    row, token = ReportLink.objects.issue(report, DEMO_USERS["editor"].email)
    page.goto(f"/rapportera/{token}/")
    assert_accessible(page)
    row.use()
    page.goto(f"/rapportera/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Länken är redan använd")
    assert_accessible(page)
