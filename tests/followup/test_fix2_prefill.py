"""A new report starts from what the county accepted, not from whatever was written last."""

import datetime

from followup.models import MeasureReport, Report, Round

from .conftest import fill, make_round

MS = MeasureReport.Status


def annual(county, year):
    return make_round(county, Round.Kind.ANNUAL, datetime.date(year, 3, 31))


def written(round, pledge, editor, comment, status=MS.STARTED):
    report = Report.objects.create_for(round, pledge)
    report.start(by=editor)
    fill(report, status=status, comment=comment)
    return Report.objects.get(pk=report.pk)


def comments(report):
    return set(report.measure_reports.values_list("comment", flat=True))


def test_the_latest_accepted_report_wins_over_a_later_draft(
    pledge_a, kronoberg, editor_a, coordinator
):
    accepted = written(annual(kronoberg, 2024), pledge_a, editor_a, "Godkänt 2024", MS.HALF)
    accepted.submit(by=editor_a)
    Report.objects.get(pk=accepted.pk).accept(by=coordinator)
    written(annual(kronoberg, 2025), pledge_a, editor_a, "Utkast 2025, aldrig inskickat")

    new = Report.objects.create_for(annual(kronoberg, 2026), pledge_a)
    assert comments(new) == {"Godkänt 2024"}
    assert set(new.measure_reports.values_list("status", flat=True)) == {MS.HALF}


def test_without_an_accepted_report_the_latest_with_content_is_copied(
    pledge_a, kronoberg, editor_a
):
    # Opened first, so it starts blank, and never touched.
    Report.objects.create_for(annual(kronoberg, 2024), pledge_a)
    written(annual(kronoberg, 2023), pledge_a, editor_a, "Skrivet 2023")

    new = Report.objects.create_for(annual(kronoberg, 2025), pledge_a)
    assert comments(new) == {"Skrivet 2023"}


def test_with_no_earlier_content_the_report_starts_blank(pledge_a, kronoberg):
    Report.objects.create_for(annual(kronoberg, 2024), pledge_a)
    new = Report.objects.create_for(annual(kronoberg, 2025), pledge_a)
    assert comments(new) == {""}
