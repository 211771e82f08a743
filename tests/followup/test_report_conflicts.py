"""Two people saving one report at once: the second is told, sees what the first saved
beside what they typed, and wins only by saving again. The board's part and the actor's
part have a revision each: the coordinator saving the board's commitments is no conflict
for the actor typing its own. And "Skicka in" sends in only what this person saved."""

import pytest
from django.db.models import F
from django.urls import reverse

from actors.models import Membership
from followup.models import MeasureReport, Report
from followup.views import reports as report_views
from pledges.exceptions import EditConflict
from pledges.models import Party
from tests import factories
from tests.factories import fill
from tests.helpers import logged_in
from tests.html import by_class, field_value, page, text

from .report_pages import actor_mr, board_mr, errors_box, form_data, url_of

S = Report.Status
CONFLICT = "Någon annan har sparat rapporten medan du skrev."


@pytest.fixture
def second_editor(actor_a):
    return factories.MembershipFactory(actor=actor_a, role=Membership.Role.EDITOR).user


def test_the_second_save_is_refused_and_keeps_what_was_typed(editor_a, second_editor, report):
    first, second = logged_in(editor_a), logged_in(second_editor)
    url = reverse("followup:report_edit", args=[report.pk])
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    m = f"m{mr.pk}"
    first_page, second_page = first.get(url), second.get(url)

    saved = first.post(
        url, form_data(first_page, comment="Förstas text.", **{f"{m}-status": "done"})
    )
    refused = second.post(
        url,
        form_data(
            second_page,
            comment="Andras text.",
            **{f"{m}-status": "started", f"{m}-comment": "Andras kommentar."},
        ),
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert CONFLICT in errors_box(refused)
    assert field_value(refused, "comment") == "Andras text."
    assert field_value(refused, f"{m}-comment") == "Andras kommentar."
    theirs = " ".join(text(e) for e in by_class(page(refused), "saved-value"))
    assert "Förstas text." in theirs
    assert "Genomförd" in theirs
    stored = Report.objects.get(pk=report.pk)
    assert stored.comment == "Förstas text."
    assert MeasureReport.objects.get(pk=mr.pk).status == "done"

    # The page now carries the revision the second editor has seen: saving again wins.
    again = form_data(refused)
    assert again["revision"] == str(stored.revision)
    assert again[f"{m}-status"] == "started"
    redone = second.post(url, again)
    assert redone.status_code == 302
    assert Report.objects.get(pk=report.pk).comment == "Andras text."
    assert MeasureReport.objects.get(pk=mr.pk).status == "started"


def test_a_report_submitted_meanwhile_refuses_the_save_and_keeps_the_text(
    editor_a, second_editor, report
):
    first, second = logged_in(editor_a), logged_in(second_editor)
    url = reverse("followup:report_edit", args=[report.pk])
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    second_page = second.get(url)
    first.post(url, form_data(first.get(url), action="submit", **{f"m{mr.pk}-status": "done"}))
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED

    refused = second.post(url, form_data(second_page, comment="För sent."))
    assert refused.status_code == 403
    assert "Inskickad" in errors_box(refused)
    assert field_value(refused, "comment") == "För sent."
    assert Report.objects.get(pk=report.pk).comment == ""


# The board's part and the actor's ------------------------------------------------


@pytest.fixture
def second_coordinator(kronoberg):
    return factories.CountyRoleFactory(county=kronoberg).user


def test_the_board_revision_is_claimed_apart_from_the_actors(report, editor_a):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    report = Report.objects.get(pk=report.pk)
    revision, board_revision = report.revision, report.board_revision
    assert report.claim_board_revision(board_revision) == board_revision + 1
    stored = Report.objects.get(pk=report.pk)
    assert (stored.revision, stored.board_revision) == (revision, board_revision + 1)
    with pytest.raises(EditConflict):
        report.claim_board_revision(board_revision)
    # The old call keeps claiming the actor's revision.
    assert report.claim_revision(revision, statuses=Report.BOARD_CONTENT_STATUSES) == revision + 1


def test_the_actors_save_goes_through_after_the_review_page_saved_the_board_part(
    report, editor_a, coordinator
):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    report = Report.objects.get(pk=report.pk)
    actor = logged_in(editor_a)
    typing = actor.get(url_of(report))

    board = board_mr(report)
    reviewed = logged_in(coordinator).post(
        reverse("followup:report_review", args=[report.pk]),
        {"form": "board", "revision": report.board_revision, f"status_{board.pk}": "done"},
    )
    assert reviewed.status_code == 302
    assert Report.objects.get(pk=report.pk).revision == report.revision

    mr = actor_mr(report)
    saved = actor.post(
        url_of(report), form_data(typing, comment="Aktörens text.", **{f"m{mr.pk}-status": "half"})
    )
    assert saved.status_code == 302
    stored = Report.objects.get(pk=report.pk)
    assert stored.comment == "Aktörens text."
    assert MeasureReport.objects.get(pk=mr.pk).status == "half"
    assert board_mr(report).status == "done"


def test_a_coordinator_changing_only_the_board_part_of_a_draft_does_not_stop_the_actor(
    report, editor_a, coordinator
):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    actor, county = logged_in(editor_a), logged_in(coordinator)
    typing = actor.get(url_of(report))
    board = board_mr(report)
    reviewing = county.get(url_of(report))
    assert (
        county.post(
            url_of(report), form_data(reviewing, **{f"m{board.pk}-status": "started"})
        ).status_code
        == 302
    )

    mr = actor_mr(report)
    saved = actor.post(url_of(report), form_data(typing, **{f"m{mr.pk}-status": "done"}))
    assert saved.status_code == 302
    assert MeasureReport.objects.get(pk=mr.pk).status == "done"
    assert MeasureReport.objects.get(pk=board.pk).status == "started"


def test_a_coordinator_changing_both_parts_claims_both(report, editor_a, coordinator):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    actor, county = logged_in(editor_a), logged_in(coordinator)
    typing = actor.get(url_of(report))
    board = board_mr(report)
    reviewing = county.get(url_of(report))
    assert (
        county.post(
            url_of(report),
            form_data(reviewing, comment="Samordnarens.", **{f"m{board.pk}-status": "started"}),
        ).status_code
        == 302
    )
    stored = Report.objects.get(pk=report.pk)
    assert (stored.revision, stored.board_revision) == (report.revision + 1, 2)

    refused = actor.post(url_of(report), form_data(typing, comment="Aktörens."))
    assert CONFLICT in errors_box(refused)
    assert Report.objects.get(pk=report.pk).comment == "Samordnarens."


def test_two_coordinators_saving_the_board_part_at_once(
    report, editor_a, coordinator, second_coordinator
):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    fill(report, party=Party.ACTOR)
    report = Report.objects.get(pk=report.pk)
    report.submit(by=editor_a)  # the board's part alone is editable now
    first, second = logged_in(coordinator), logged_in(second_coordinator)
    board = board_mr(report)
    m = f"m{board.pk}"
    first_page, second_page = first.get(url_of(report)), second.get(url_of(report))
    assert first_page.context["page"].actor_part is False

    assert (
        first.post(url_of(report), form_data(first_page, **{f"{m}-status": "done"})).status_code
        == 302
    )
    refused = second.post(
        url_of(report),
        form_data(second_page, **{f"{m}-status": "started", f"{m}-comment": "Andra."}),
    )
    assert refused.status_code == 200
    assert CONFLICT in errors_box(refused)
    theirs = " ".join(text(e) for e in by_class(page(refused), "saved-value"))
    assert "Genomförd" in theirs
    assert MeasureReport.objects.get(pk=board.pk).status == "done"

    # Shown again at the board revision now stored: saving again wins.
    again = form_data(refused)
    assert again["board_revision"] == str(Report.objects.get(pk=report.pk).board_revision)
    assert second.post(url_of(report), again).status_code == 302
    assert MeasureReport.objects.get(pk=board.pk).status == "started"


# Sending in what this person saved ---------------------------------------------------


def test_submit_refuses_when_someone_saved_between_the_save_and_the_submission(
    report, editor_a, monkeypatch
):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    fill(report)
    actor = logged_in(editor_a)
    shown_before = actor.get(url_of(report))
    real_save = report_views._save

    def save_then_someone_else_saves(report, forms, reporter):
        revision = real_save(report, forms, reporter)
        Report.objects.filter(pk=report.pk).update(
            revision=F("revision") + 1, comment="Någon annans text."
        )
        return revision

    monkeypatch.setattr(report_views, "_save", save_then_someone_else_saves)
    response = actor.post(
        url_of(report), form_data(shown_before, action="submit", comment="Min text.")
    )
    assert response.status_code == 302
    stored = Report.objects.get(pk=report.pk)
    assert stored.status == S.DRAFT
    assert stored.comment == "Någon annans text."
    shown = actor.get(url_of(report))
    assert "ändrade rapporten innan den hann skickas in" in shown.content.decode()


def test_submit_goes_through_when_nobody_saved_meanwhile(report, editor_a):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    fill(report)
    actor = logged_in(editor_a)
    response = actor.post(url_of(report), form_data(actor.get(url_of(report)), action="submit"))
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == S.SUBMITTED
