"""The report workflow: not started → draft → submitted → accepted, or back for changes;
and no longer sent in once its pledge was withdrawn or its round has closed."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from followup.models import MeasureReport, Question, Report, ReportEvent
from pledges.exceptions import ContentLocked, EditConflict, TransitionError
from pledges.models import Party
from tests.factories import fill, make_round, report_in_status
from tests.helpers import logged_in
from tests.html import by_id, text

from .report_pages import actor_mr, board_mr, form_data, url_of

S = Report.Status
MS = MeasureReport.Status
V = MeasureReport.Verification

LEGAL = [
    (S.NOT_STARTED, S.DRAFT),
    (S.DRAFT, S.SUBMITTED),
    (S.SUBMITTED, S.ACCEPTED),
    (S.SUBMITTED, S.CHANGES_REQUESTED),
    (S.CHANGES_REQUESTED, S.SUBMITTED),
]
ILLEGAL = [(a, b) for a in S for b in S if b != S.NOT_STARTED and (a, b) not in LEGAL]


def move(report, to, by):
    if to == S.DRAFT:
        # The app starts a report only through save_draft, from not started; the
        # table behind it still refuses every other move to draft.
        return report._transition(S.DRAFT, by=by)
    if to == S.SUBMITTED:
        return report.submit(by=by)
    if to == S.ACCEPTED:
        return report.accept(by=by)
    return report.request_changes(by=by, note="Komplettera.")


def snapshot(report):
    row = Report.objects.filter(pk=report.pk).values().get()
    return row, list(report.events.values_list("pk", flat=True))


def test_the_legal_moves_are_the_designed_ones():
    assert {(a, b) for a in S for b in Report.TRANSITIONS[a]} == set(LEGAL)


@pytest.mark.parametrize(("start", "to"), ILLEGAL, ids=[f"{a}->{b}" for a, b in ILLEGAL])
def test_an_illegal_move_is_refused_and_changes_nothing(start, to, report, editor_a, coordinator):
    report_in_status(start, report, editor=editor_a, coordinator=coordinator)
    before = snapshot(report)
    with pytest.raises(TransitionError):
        move(report, to, coordinator)
    assert snapshot(report) == before


def test_the_whole_life_cycle_with_a_send_back(report, editor_a, coordinator):
    assert report.status == S.NOT_STARTED
    assert report.measure_reports.count() == 2  # the actor's measure and the board's

    # The actor saves a draft, as often as it likes.
    revision = report.save_draft(by=editor_a, expected_revision=report.revision)
    assert report.status == S.DRAFT
    actor_mr = report.measure_reports.get(measure__party=Party.ACTOR)
    board_mr = report.measure_reports.get(measure__party=Party.BOARD)
    actor_mr.status = MS.STARTED
    actor_mr.comment = "Upphandlingen pågår."
    actor_mr.save()
    report.comment = "Ett bra år."
    report.save()
    assert report.save_draft(by=editor_a, expected_revision=revision) == revision + 1
    assert report.status == S.DRAFT

    report.submit(by=editor_a)
    assert report.status == S.SUBMITTED
    assert report.submitted_by == editor_a and report.submitted_at is not None

    # The board reports on its own commitment while it reviews, then sends the report back.
    board_mr.status = MS.DONE
    board_mr.save()
    report.request_changes(
        by=coordinator,
        note="Beskriv upphandlingen närmare.",
        measure_comments={actor_mr.pk: "Vilken upphandling?"},
    )
    assert report.status == S.CHANGES_REQUESTED
    assert report.review_comment == "Beskriv upphandlingen närmare."
    assert report.reviewed_by == coordinator
    actor_mr.refresh_from_db()
    assert actor_mr.review_comment == "Vilken upphandling?"

    # The actor completes it beside the comment and submits again.
    actor_mr.comment = "Upphandlingen av elbilar är klar till hälften."
    actor_mr.status = MS.HALF
    actor_mr.evidence_url = "https://example.org/upphandling"
    actor_mr.save()
    assert actor_mr.verification == V.EVIDENCE
    report.submit(by=editor_a)
    assert report.status == S.SUBMITTED
    assert report.reviewed_at is None and report.reviewed_by is None

    report.accept(by=coordinator, note="Tack!", confirmed=[actor_mr.pk])
    assert report.status == S.ACCEPTED
    assert report.reviewed_by == coordinator and report.review_comment == "Tack!"
    actor_mr.refresh_from_db()
    assert actor_mr.verification == V.CONFIRMED

    steps = list(report.events.values_list("from_status", "to_status", "by", "note"))
    assert steps == [
        (S.NOT_STARTED, S.DRAFT, editor_a.pk, ""),
        (S.DRAFT, S.SUBMITTED, editor_a.pk, ""),
        (S.SUBMITTED, S.CHANGES_REQUESTED, coordinator.pk, "Beskriv upphandlingen närmare."),
        (S.CHANGES_REQUESTED, S.SUBMITTED, editor_a.pk, ""),
        (S.SUBMITTED, S.ACCEPTED, coordinator.pk, "Tack!"),
    ]
    # History of the edits, beside the workflow's events.
    # Pre-filled, saved, commented on by the board, saved again, confirmed.
    assert [h.verification for h in actor_mr.history.order_by("history_id")] == [
        V.SELF,
        V.SELF,
        V.SELF,
        V.EVIDENCE,
        V.CONFIRMED,
    ]
    assert report.history.exists()


def test_submit_lists_what_is_missing(report, editor_a, halfway_round):
    question = Question.objects.create(round=halfway_round, text="Har ni nått ert mål?")
    report.save_draft(by=editor_a, expected_revision=report.revision)
    with pytest.raises(TransitionError) as exc:
        report.submit(by=editor_a)
    assert "Ange status för åtgärden" in str(exc.value)
    assert "Svara ja eller nej på frågan ”Har ni nått ert mål?”." in str(exc.value)

    fill(report, MS.NOT_RELEVANT, party=Party.ACTOR, comment="   ")
    report.set_answer(question, yes=False, text="Inte ännu.")
    report.save()
    problems = report.submission_problems()
    assert len(problems) == 1 and "inte är aktuell" in problems[0]

    fill(report, MS.NOT_RELEVANT, party=Party.ACTOR, comment="Verksamheten är såld.")
    # The board's commitments are not the actor's to report: they do not hold it up.
    assert report.submission_problems() == []
    report.submit(by=editor_a)
    assert report.answer_to(question) == {"yes": False, "text": "Inte ännu."}


def test_accept_waits_for_the_boards_own_commitments(report, editor_a, coordinator):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    fill(report, party=Party.ACTOR)
    report.submit(by=editor_a)
    with pytest.raises(TransitionError, match="Ange status för åtgärden"):
        report.accept(by=coordinator)
    assert report.status == S.SUBMITTED
    fill(report, MS.STARTED, party=Party.BOARD)
    report.accept(by=coordinator)
    assert report.status == S.ACCEPTED


def test_sending_back_needs_a_comment(report, editor_a, coordinator):
    report_in_status(S.SUBMITTED, report, editor=editor_a, coordinator=coordinator)
    with pytest.raises(TransitionError, match="kommentar"):
        report.request_changes(by=coordinator, note="  ")
    assert Report.objects.get(pk=report.pk).status == S.SUBMITTED


@pytest.mark.parametrize("status", [S.SUBMITTED, S.ACCEPTED])
def test_content_is_locked_after_submission(status, report, editor_a, coordinator):
    report_in_status(status, report, editor=editor_a, coordinator=coordinator)
    actor_mr = report.measure_reports.get(measure__party=Party.ACTOR)
    board_mr = report.measure_reports.get(measure__party=Party.BOARD)

    report.comment = "Ändrat i efterhand."
    with pytest.raises(ContentLocked):
        report.save()
    actor_mr.comment = "Ändrat i efterhand."
    with pytest.raises(ContentLocked):
        actor_mr.save()
    with pytest.raises(ContentLocked):
        actor_mr.delete()
    with pytest.raises((ContentLocked, EditConflict)):
        report.claim_revision(report.revision)
    with pytest.raises(ContentLocked):
        report.delete()
    # The board's side stays writable until the report is accepted.
    board_mr.comment = "Länsstyrelsen har bjudit in till nätverksträff."
    if status == S.SUBMITTED:
        board_mr.save()
        # And the coordinator's review notes may be written while it reviews.
        actor_mr.refresh_from_db()
        actor_mr.review_comment = "Bifoga gärna underlag."
        actor_mr.save(update_fields=["review_comment"])
    else:
        with pytest.raises(ContentLocked):
            board_mr.save()
        with pytest.raises(ContentLocked):
            actor_mr.save(update_fields=["review_comment"])
    assert not MeasureReport.objects.filter(comment="Ändrat i efterhand.").exists()


def test_content_is_editable_again_when_sent_back(report, editor_a, coordinator):
    report_in_status(S.CHANGES_REQUESTED, report, editor=editor_a, coordinator=coordinator)
    report.comment = "Kompletterat."
    report.save()
    report.save_draft(by=editor_a, expected_revision=report.revision)
    assert Report.objects.get(pk=report.pk).comment == "Kompletterat."
    # Saving does not take the report back to draft: it is still awaited.
    assert report.status == S.CHANGES_REQUESTED


def test_status_moves_only_through_the_workflow(report):
    report.status = S.ACCEPTED
    with pytest.raises(TransitionError):
        report.save()
    assert Report.objects.get(pk=report.pk).status == S.NOT_STARTED


def test_a_stale_copy_cannot_move_a_report_someone_else_has_moved(report, editor_a, coordinator):
    report_in_status(S.SUBMITTED, report, editor=editor_a, coordinator=coordinator)
    first = Report.objects.get(pk=report.pk)
    second = Report.objects.get(pk=report.pk)
    first.accept(by=coordinator)
    # Still a legal move from the status the stale copy shows.
    with pytest.raises(TransitionError, match="någon annan"):
        second.request_changes(by=coordinator, note="Komplettera.")
    assert Report.objects.get(pk=report.pk).status == S.ACCEPTED
    assert ReportEvent.objects.filter(report=report, to_status=S.CHANGES_REQUESTED).count() == 0


def test_a_stale_copy_cannot_move_a_report_that_came_back_to_the_same_status(
    report, editor_a, coordinator
):
    report_in_status(S.SUBMITTED, report, editor=editor_a, coordinator=coordinator)
    stale = Report.objects.get(pk=report.pk)
    report.request_changes(by=coordinator, note="Komplettera.")
    report.submit(by=editor_a)
    with pytest.raises(TransitionError):
        stale.accept(by=coordinator)


def test_two_editors_saving_the_same_revision_conflict(report, editor_a):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    revision = report.revision
    first = Report.objects.get(pk=report.pk)
    second = Report.objects.get(pk=report.pk)
    with transaction.atomic():
        first.save_draft(by=editor_a, expected_revision=revision)
    with pytest.raises(EditConflict) as exc, transaction.atomic():
        second.save_draft(by=editor_a, expected_revision=revision)
    assert exc.value.current_revision == Report.objects.get(pk=report.pk).revision
    # A full save of the stale copy does not write its old revision back.
    second.comment = "Sparat från en gammal flik."
    second.save()
    assert Report.objects.get(pk=report.pk).revision == first.revision


def test_measure_report_rules_for_forms(report):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    mr.status = MS.NOT_RELEVANT
    mr.comment = " "
    mr.indicator_value = 12
    mr.evidence_file = SimpleUploadedFile("program.exe", b"MZ")
    with pytest.raises(ValidationError) as exc:
        mr.full_clean()
    assert set(exc.value.message_dict) == {"comment", "indicator_value", "evidence_file"}
    assert exc.value.message_dict["comment"] == ["Förklara varför åtgärden inte längre är aktuell."]


def test_a_report_round_must_run_forwards(kronoberg):
    from django.core.exceptions import ValidationError

    from followup.models import Round

    round = Round(
        county=kronoberg,
        title="Baklänges",
        kind=Round.Kind.CUSTOM,
        opens=datetime.date(2025, 5, 1),
        due=datetime.date(2025, 4, 1),
        closes=datetime.date(2025, 3, 1),
    )
    with pytest.raises(ValidationError) as exc:
        round.full_clean()
    assert set(exc.value.message_dict) == {"due", "closes"}


# A withdrawn pledge ----------------------------------------------------------


def test_a_report_of_a_withdrawn_pledge_cannot_be_submitted(report, pledge_a, editor_a):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    fill(report)
    pledge_a.withdraw(by=None)
    with pytest.raises(TransitionError, match="Löftet är återkallat"):
        report.submit(by=editor_a)
    assert Report.objects.get(pk=report.pk).status == S.DRAFT


def test_a_report_of_a_withdrawn_pledge_cannot_be_accepted(report, pledge_a, editor_a, coordinator):
    report_in_status(S.SUBMITTED, report, editor=editor_a)
    pledge_a.withdraw(by=None)
    with pytest.raises(TransitionError, match="Löftet är återkallat"):
        report.accept(by=coordinator)
    assert Report.objects.get(pk=report.pk).status == S.SUBMITTED


@pytest.mark.parametrize("who", ["editor_a", "coordinator"])
def test_the_form_of_a_withdrawn_pledges_report_is_read_only(
    request, report, pledge_a, editor_a, who
):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    client = logged_in(request.getfixturevalue(who))
    page = client.get(url_of(report))
    pledge_a.withdraw(by=None)

    response = client.get(url_of(report))
    assert "Löftet är återkallat" in text(by_id(response, "read-only-notice"))
    assert response.context["page"].editable is False
    assert 'name="action"' not in response.content.decode()

    mr = actor_mr(report)
    refused = client.post(url_of(report), form_data(page, **{f"m{mr.pk}-status": "done"}))
    assert refused.status_code == 403
    assert "Löftet är återkallat" in text(by_id(refused, "form-errors"))
    assert Report.objects.get(pk=report.pk).revision == report.revision


# A closed round ----------------------------------------------------------------


@pytest.fixture
def closed_round(kronoberg, coordinator):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return make_round(kronoberg, due=yesterday - datetime.timedelta(days=30), closes=yesterday)


@pytest.fixture
def closed_report(closed_round, pledge_a):
    return Report.objects.create_for(closed_round, pledge_a)


def test_a_round_closing_today_is_still_open(report, editor_a):
    round = report.round
    round.due = round.closes = timezone.localdate()
    round.opens = round.due - datetime.timedelta(days=10)
    round.save()
    report.refresh_from_db()
    report.save_draft(by=editor_a, expected_revision=report.revision)
    fill(report)
    report.submit(by=editor_a)
    assert Report.objects.get(pk=report.pk).status == S.SUBMITTED


def test_a_report_is_not_submitted_after_the_round_closed(closed_report, editor_a):
    closed_report.save_draft(by=editor_a, expected_revision=closed_report.revision)
    fill(closed_report)
    with pytest.raises(TransitionError, match="Omgången är stängd"):
        closed_report.submit(by=editor_a)


def test_the_actors_form_is_read_only_after_the_round_closed(closed_report, editor_a):
    closed_report.save_draft(by=editor_a, expected_revision=closed_report.revision)
    client = logged_in(editor_a)
    response = client.get(url_of(closed_report))
    assert "Omgången är stängd" in text(by_id(response, "read-only-notice"))
    assert response.context["page"].actor_part is False
    assert 'name="action"' not in response.content.decode()

    mr = actor_mr(closed_report)
    data = {"revision": closed_report.revision, f"m{mr.pk}-status": "done", "action": "submit"}
    refused = client.post(url_of(closed_report), data)
    assert refused.status_code == 403
    assert "Omgången är stängd" in text(by_id(refused, "form-errors"))
    assert Report.objects.get(pk=closed_report.pk).status == S.DRAFT


def test_after_the_round_closed_the_coordinator_still_reports_and_accepts(
    closed_report, editor_a, coordinator
):
    closed_report.save_draft(by=editor_a, expected_revision=closed_report.revision)
    fill(closed_report, party=Party.ACTOR)
    # Submitted in time (the round closed later).
    Report.objects.filter(pk=closed_report.pk).update(
        status=S.SUBMITTED, submitted_at=timezone.now()
    )
    client = logged_in(coordinator)
    response = client.get(url_of(closed_report))
    assert response.context["page"].board_part is True
    mr = board_mr(closed_report)
    saved = client.post(url_of(closed_report), form_data(response, **{f"m{mr.pk}-status": "done"}))
    assert saved.status_code == 302
    report = Report.objects.get(pk=closed_report.pk)
    report.accept(by=coordinator)
    assert Report.objects.get(pk=closed_report.pk).status == S.ACCEPTED
