"""A report starts where the same pledge's previous report left off: the latest accepted
one, else the latest with content, never whatever was written last."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from followup.models import MeasureReport, Report, Round
from pledges.exceptions import TransitionError
from pledges.models import Party, Pledge
from tests import factories
from tests.factories import fill, make_round, report_in_status

MS = MeasureReport.Status
V = MeasureReport.Verification


def annual(county, year):
    return make_round(county, Round.Kind.ANNUAL, datetime.date(year, 3, 31))


def written(round, pledge, editor, comment, status=MS.STARTED):
    report = Report.objects.create_for(round, pledge)
    report.save_draft(by=editor, expected_revision=report.revision)
    fill(report, status=status, comment=comment)
    return Report.objects.get(pk=report.pk)


def comments(report):
    return set(report.measure_reports.values_list("comment", flat=True))


def test_a_first_report_starts_blank(report, pledge_a):
    rows = list(
        report.measure_reports.values_list("measure_id", "status", "comment", "verification")
    )
    assert sorted(rows) == sorted((m.pk, "", "", V.SELF) for m in pledge_a.measures.all())


def test_a_report_carries_on_from_the_previous_round(
    report, final_round, pledge_a, editor_a, coordinator, media
):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    actor_mr = report.measure_reports.get(measure__party=Party.ACTOR)
    board_mr = report.measure_reports.get(measure__party=Party.BOARD)
    actor_mr.status = MS.HALF
    actor_mr.comment = "Hälften av bilarna är utbytta."
    actor_mr.indicator_value = Decimal("12.50")
    actor_mr.evidence_url = "https://example.org/bilar"
    actor_mr.save()
    board_mr.status = MS.STARTED
    board_mr.evidence_file.save("intyg.pdf", ContentFile(b"%PDF-1.7"), save=False)
    board_mr.save()
    report.submit(by=editor_a)
    report.request_changes(
        by=coordinator, note="Komplettera.", measure_comments={actor_mr.pk: "Hur många?"}
    )
    report.submit(by=editor_a)
    report.accept(by=coordinator, confirmed=[actor_mr.pk, board_mr.pk])

    final = Report.objects.create_for(final_round, pledge_a)
    assert final.status == Report.Status.NOT_STARTED
    new_actor = final.measure_reports.get(measure__party=Party.ACTOR)
    assert (new_actor.status, new_actor.comment, new_actor.indicator_value) == (
        MS.HALF,
        "Hälften av bilarna är utbytta.",
        Decimal("12.50"),
    )
    # The link still documents the measure; the county confirms each round afresh.
    assert new_actor.evidence_url == "https://example.org/bilar"
    assert new_actor.verification == V.EVIDENCE
    assert new_actor.review_comment == ""
    # A file documented the earlier round and stays with it.
    new_board = final.measure_reports.get(measure__party=Party.BOARD)
    assert new_board.status == MS.STARTED
    assert not new_board.evidence_file
    assert new_board.verification == V.SELF


def test_the_latest_earlier_report_is_the_one_copied(pledge_a, kronoberg, editor_a):
    def report_with(round, comment):
        report = Report.objects.create_for(round, pledge_a)
        report.save_draft(by=editor_a, expected_revision=report.revision)
        for mr in report.measure_reports.all():
            mr.status, mr.comment = MS.STARTED, comment
            mr.save()
        return report

    report_with(make_round(kronoberg, Round.Kind.ANNUAL, datetime.date(2024, 3, 31)), "2023")
    report_with(make_round(kronoberg, Round.Kind.ANNUAL, datetime.date(2025, 3, 31)), "2024")
    # A round due later does not feed one due earlier.
    report_with(make_round(kronoberg, Round.Kind.ANNUAL, datetime.date(2027, 3, 31)), "2026")
    new = Report.objects.create_for(
        make_round(kronoberg, Round.Kind.ANNUAL, datetime.date(2026, 3, 31)), pledge_a
    )
    assert set(new.measure_reports.values_list("comment", flat=True)) == {"2024"}


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


def test_another_pledges_report_is_never_copied(report, pledge_b, final_round, editor_a):
    report_in_status(Report.Status.DRAFT, report, editor=editor_a)
    for mr in report.measure_reports.all():
        mr.status, mr.comment = MS.DONE, "Aktör A:s text"
        mr.save()
    other = Report.objects.create_for(final_round, pledge_b)
    assert set(other.measure_reports.values_list("comment", flat=True)) == {""}


@pytest.mark.parametrize(
    "status", [Pledge.Status.DRAFT, Pledge.Status.APPROVED, Pledge.Status.WITHDRAWN]
)
def test_only_a_signed_pledge_gets_a_report(status, actor_a, halfway_round):
    pledge = factories.pledge_in_status(status, actor=actor_a)
    with pytest.raises(TransitionError):
        Report.objects.create_for(halfway_round, pledge)
    assert not Report.objects.exists()


def test_a_round_asks_its_own_countys_pledges_only(kalmar, pledge_a):
    with pytest.raises(TransitionError, match="annat län"):
        Report.objects.create_for(make_round(kalmar), pledge_a)


def test_a_concluded_pledge_gets_its_final_report(actor_a, final_round):
    pledge = factories.pledge_in_status(Pledge.Status.CONCLUDED, actor=actor_a)
    assert Report.objects.create_for(final_round, pledge).measure_reports.count() == 2
