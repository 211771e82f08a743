"""The coordinator's review of a report: accept, send back, the board's own part."""

import pytest
from django.urls import reverse

from followup.models import MeasureReport, Report, ReportEvent
from pledges.models import Party, Pledge, Signatory
from tests import factories
from tests.factories import fill, report_in_status
from tests.helpers import CAST, REQUEST_QUERIES

from .report_pages import decide, review_url

S = Report.Status
# The report with round, county, pledge and actor; its measure reports with their
# measures; their programme links; the pledge's measures; the questions; the events.
REVIEW_QUERIES = REQUEST_QUERIES + 6


@pytest.fixture
def submitted(report, editor_a):
    """Actor A's halfway report, submitted, every measure (the board's too) reported done."""
    return report_in_status(S.SUBMITTED, report, editor=editor_a)


@pytest.fixture
def without_board_part(report, editor_a):
    """Submitted by the actor; the board has not reported on its commitments yet."""
    report.save_draft(by=editor_a, expected_revision=report.revision)
    fill(report, party=Party.ACTOR)
    report.submit(by=editor_a)
    return report


def parts(report):
    mrs = list(report.measure_reports.select_related("measure"))
    actor = [mr for mr in mrs if mr.measure.party == Party.ACTOR]
    board = [mr for mr in mrs if mr.measure.party == Party.BOARD]
    return actor, board


def save_board(client, report, revision=None, **fields):
    if revision is None:
        revision = report.board_revision
    data = {"form": "board", "revision": revision, **fields}
    return client.post(review_url(report), data)


# Who may reach it


@pytest.mark.parametrize("who", CAST)
def test_the_review_page_is_the_rounds_coordinators(as_user, submitted, who):
    response = as_user(who).get(review_url(submitted))
    expected = {"anonymous": 302, "editor_a": 403, "editor_b": 403, "other_coordinator": 404}
    assert response.status_code == expected.get(who, 200)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["anonymous", "editor_a", "editor_b", "other_coordinator"])
@pytest.mark.parametrize("action", ["accept", "return", "board"])
def test_nobody_else_can_review_or_write_the_board_part(as_user, submitted, who, action):
    _actor, (board,) = parts(submitted)
    client = as_user(who)
    if action == "board":
        response = save_board(client, submitted, **{f"status_{board.pk}": "started"})
    else:
        response = decide(client, submitted, action, note="Kapat")
    assert response.status_code in (302, 403, 404)
    assert response.status_code != 302 or who == "anonymous"
    submitted.refresh_from_db()
    board.refresh_from_db()
    assert (submitted.status, board.status) == (S.SUBMITTED, MeasureReport.Status.DONE)


def test_the_page_shows_the_report_per_measure(as_user, submitted, halfway_round, editor_a):
    actor_mr, _board = parts(submitted)
    measure = actor_mr[0].measure
    # Not through the model: the measure's indicator is part of the signed pledge.
    type(measure).objects.filter(pk=measure.pk).update(
        indicator_unit="ton CO₂e", indicator_baseline=100, indicator_target=60
    )
    question = halfway_round.questions.create(text="Har ni fått stöd?", order=1)
    Report.objects.filter(pk=submitted.pk).update(
        comment="Ett bra år.", answers={str(question.pk): {"yes": True, "text": "Mycket."}}
    )
    MeasureReport.objects.filter(pk=actor_mr[0].pk).update(
        comment="Halva vägen.",
        indicator_value=80,
        evidence_url="https://example.org/rapport.pdf",
        verification="evidence",
    )

    html = as_user("coordinator").get(review_url(submitted)).content.decode()

    for text in [
        "Ett bra år.",
        "Har ni fått stöd?",
        "Ja. Mycket.",
        "Halva vägen.",
        "Genomförd",
        "80 ton CO₂e (utgångsläge 100, mål 60)",
        "https://example.org/rapport.pdf",
        "Underlag bifogat",
        "Bekräftat av länsstyrelsen",
        "Godkänn",
        "Skicka tillbaka",
    ]:
        assert text in html, text


# Accepting


def test_accepting_with_confirmed_measures(as_user, submitted, coordinator):
    (actor_mr,), (board_mr,) = parts(submitted)
    response = decide(
        as_user("coordinator"),
        submitted,
        "accept",
        note="Tack för rapporten.",
        confirmed=[actor_mr.pk],
    )
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("followup:round_detail", args=[submitted.round_id]) + "#rapporter"
    )
    submitted.refresh_from_db()
    actor_mr.refresh_from_db()
    assert submitted.status == S.ACCEPTED
    assert (submitted.reviewed_by, submitted.review_comment) == (coordinator, "Tack för rapporten.")
    assert actor_mr.verification == MeasureReport.Verification.CONFIRMED
    event = submitted.events.last()
    assert (event.to_status, event.by, event.note) == (
        S.ACCEPTED,
        coordinator,
        "Tack för rapporten.",
    )


def test_accepting_without_confirmations_keeps_the_actors_level(as_user, submitted):
    (actor_mr,), _board = parts(submitted)
    decide(as_user("coordinator"), submitted, "accept")
    actor_mr.refresh_from_db()
    submitted.refresh_from_db()
    assert submitted.status == S.ACCEPTED
    assert actor_mr.verification == MeasureReport.Verification.SELF


def test_a_confirmation_must_be_one_of_the_reports_measures(
    as_user, submitted, pledge_b, halfway_round
):
    other = Report.objects.create_for(halfway_round, pledge_b)
    stranger = other.measure_reports.first()
    response = decide(as_user("coordinator"), submitted, "accept", confirmed=[stranger.pk])
    assert "confirmed" in response.context["review_form"].errors
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_acceptance_waits_for_the_boards_own_part(as_user, without_board_part):
    report = without_board_part
    client = as_user("coordinator")
    page = client.get(review_url(report))
    assert page.context["problems"] == ["Ange status för åtgärden ”Länsstyrelsen ska stödja.”."]
    assert "Innan rapporten kan godkännas:" in page.content.decode()

    response = decide(client, report, "accept")
    assert response.status_code == 200
    assert response.context["review_form"].non_field_errors() == [
        "Ange status för åtgärden ”Länsstyrelsen ska stödja.”."
    ]
    report.refresh_from_db()
    assert report.status == S.SUBMITTED

    _actor, (board_mr,) = parts(report)
    response = save_board(
        client,
        report,
        **{f"status_{board_mr.pk}": "started", f"comment_{board_mr.pk}": "Två möten."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert decide(client, report, "accept").status_code == 302
    report.refresh_from_db()
    assert report.status == S.ACCEPTED


def test_comments_on_measures_are_not_dropped_by_accepting(as_user, submitted):
    (actor_mr,), _board = parts(submitted)
    response = decide(
        as_user("coordinator"),
        submitted,
        "accept",
        **{f"measure_comment_{actor_mr.pk}": "Bifoga protokollet."},
    )
    assert response.status_code == 200
    errors = response.context["review_form"].non_field_errors()
    assert errors == [
        "Du har skrivit kommentarer till åtgärder. Skicka tillbaka rapporten, "
        "eller töm kommentarerna för att godkänna den."
    ]
    # What was typed is still there beside the measure.
    assert "Bifoga protokollet.</textarea>" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


# Sending back


def test_sending_back_needs_a_comment(as_user, submitted):
    response = decide(as_user("coordinator"), submitted, "return", note="  ")
    assert response.context["review_form"].errors["note"] == [
        "Skriv en kommentar om vad som behöver kompletteras."
    ]
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_sending_back_with_a_comment_on_a_measure(as_user, submitted, coordinator):
    (actor_mr,), (board_mr,) = parts(submitted)
    client = as_user("coordinator")
    response = decide(
        client,
        submitted,
        "return",
        note="Komplettera underlaget.",
        **{f"measure_comment_{actor_mr.pk}": "Bifoga protokollet från styrelsen."},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    actor_mr.refresh_from_db()
    board_mr.refresh_from_db()
    assert submitted.status == S.CHANGES_REQUESTED
    assert submitted.review_comment == "Komplettera underlaget."
    assert actor_mr.review_comment == "Bifoga protokollet från styrelsen."
    assert board_mr.review_comment == ""

    # Read-only now, the comment beside its measure and the history below.
    page = client.get(review_url(submitted))
    html = page.content.decode()
    assert page.context["review_form"] is None
    assert "Rapporten är skickad tillbaka till aktören för komplettering." in html
    assert 'name="action"' not in html
    assert "Bifoga protokollet från styrelsen." in html
    assert "Inskickad → Åter för komplettering" in html
    assert "”Komplettera underlaget.”" in html


def test_an_accepted_report_is_read_only_with_its_history(as_user, submitted, coordinator):
    submitted.accept(by=coordinator, note="Bra.")
    page = as_user("coordinator").get(review_url(submitted))
    html = page.content.decode()
    assert page.context["review_form"] is None
    assert page.context["board_form"] is None
    assert "Rapporten är godkänd." in html
    assert '<form method="post" novalidate class="board-part-form">' not in html
    events = [e.to_status for e in page.context["events"]]
    assert events == [S.DRAFT, S.SUBMITTED, S.ACCEPTED]
    assert "Inskickad → Godkänd" in html


def test_a_decision_on_a_report_changed_meanwhile_is_refused(as_user, submitted, coordinator):
    client = as_user("coordinator")
    _actor, (board_mr,) = parts(submitted)
    # Another coordinator saves the board's part after this page was read.
    save_board(client, submitted, **{f"status_{board_mr.pk}": "started"})
    response = decide(client, submitted, "accept")  # with the revisions read before
    assert response.status_code == 200
    assert "Rapporten har ändrats sedan du öppnade den." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
    # The form now carries the revisions read: a second press decides.
    assert response.context["review_form"].data["board_revision"] == submitted.board_revision


def test_a_report_reviewed_meanwhile_is_not_reviewed_again(as_user, submitted, coordinator):
    client = as_user("coordinator")
    revision = submitted.revision
    Report.objects.get(pk=submitted.pk).accept(by=coordinator)
    response = decide(client, submitted, "return", revision=revision, note="Komplettera.")
    assert response.status_code == 200
    assert "Rapporten har status ”Godkänd” nu och kan inte ändras här." in response.content.decode()
    assert "Komplettera." in response.content.decode()
    assert ReportEvent.objects.filter(to_status=S.CHANGES_REQUESTED).count() == 0


# The board's own part


def test_the_coordinator_reports_on_the_boards_commitments(as_user, submitted):
    _actor, (board_mr,) = parts(submitted)
    before = submitted.board_revision
    response = save_board(
        as_user("coordinator"),
        submitted,
        **{f"status_{board_mr.pk}": "half", f"comment_{board_mr.pk}": "Två av fyra träffar."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#lansstyrelsens-del")
    board_mr.refresh_from_db()
    submitted.refresh_from_db()
    assert (board_mr.status, board_mr.comment) == ("half", "Två av fyra träffar.")
    assert submitted.board_revision == before + 1
    assert submitted.status == S.SUBMITTED


def test_the_board_part_is_written_before_the_actor_submits_too(as_user, report):
    _actor, (board_mr,) = parts(report)
    response = save_board(as_user("coordinator"), report, **{f"status_{board_mr.pk}": "started"})
    assert response.status_code == 302
    board_mr.refresh_from_db()
    assert board_mr.status == "started"


def test_not_relevant_needs_a_reason(as_user, submitted):
    _actor, (board_mr,) = parts(submitted)
    response = save_board(
        as_user("coordinator"), submitted, **{f"status_{board_mr.pk}": "not_relevant"}
    )
    assert response.context["board_form"].errors[f"comment_{board_mr.pk}"] == [
        "Förklara varför åtgärden inte längre är aktuell."
    ]
    board_mr.refresh_from_db()
    assert board_mr.status == "done"


def test_two_coordinators_saving_the_board_part_at_once(as_user, submitted):
    _actor, (board_mr,) = parts(submitted)
    client = as_user("coordinator")
    read_at = submitted.board_revision
    save_board(
        client,
        submitted,
        **{f"status_{board_mr.pk}": "started", f"comment_{board_mr.pk}": "Först."},
    )

    response = save_board(
        client,
        submitted,
        revision=read_at,
        **{f"status_{board_mr.pk}": "half", f"comment_{board_mr.pk}": "Mitt utkast."},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Någon annan har sparat rapporten medan du skrev." in html
    # Nothing lost: what was typed is on the screen, beside what is saved now.
    assert "Mitt utkast.</textarea>" in html
    assert dict(response.context["theirs"]) == {
        "Länsstyrelsen ska stödja.: status": "Påbörjad",
        "Länsstyrelsen ska stödja.: kommentar": "Först.",
    }
    board_mr.refresh_from_db()
    assert (board_mr.status, board_mr.comment) == ("started", "Först.")
    # Saving again, from the revision now shown, goes through.
    submitted.refresh_from_db()
    form = response.context["board_form"]
    assert form.data["revision"] == submitted.board_revision
    save_board(
        client,
        submitted,
        **{f"status_{board_mr.pk}": "half", f"comment_{board_mr.pk}": "Mitt utkast."},
    )
    board_mr.refresh_from_db()
    assert (board_mr.status, board_mr.comment) == ("half", "Mitt utkast.")


def test_the_board_part_of_an_accepted_report_is_locked(as_user, submitted, coordinator):
    _actor, (board_mr,) = parts(submitted)
    revision = submitted.board_revision
    Report.objects.get(pk=submitted.pk).accept(by=coordinator)
    response = save_board(
        as_user("coordinator"),
        submitted,
        revision=revision,
        **{f"status_{board_mr.pk}": "started", f"comment_{board_mr.pk}": "För sent."},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rapporten har status ”Godkänd” nu och kan inte ändras här." in html
    assert "För sent.</textarea>" in html
    board_mr.refresh_from_db()
    assert board_mr.status == "done"


# Query counts


def signed_pledge_with_linked_measures(actor, n):
    """A signed pledge with n + 1 measures of each party, the actor's linked to the programme."""
    pledge = factories.pledge_in_status(
        Pledge.Status.DRAFT, actor=actor, start_year=2023, end_year=2026
    )
    for i in range(n):
        factories.MeasureLinkFactory(measure=factories.MeasureFactory(pledge=pledge))
        factories.MeasureFactory(pledge=pledge, party=Party.BOARD, heading=f"Stöd {i}")
    pledge.submit_for_review(by=None)
    pledge.approve(by=None)
    for signatory in pledge.signatories.all():
        signatory.record_signature(method=Signatory.Method.PORTAL)
    pledge.mark_signed()
    return pledge


@pytest.mark.parametrize("n", [1, 15])
def test_the_review_page_has_a_fixed_query_count(
    client, coordinator, halfway_round, actor_a, editor_a, django_assert_max_num_queries, n
):
    pledge = signed_pledge_with_linked_measures(actor_a, n)
    for i in range(n):
        halfway_round.questions.create(text=f"Fråga {i}", order=i)
    report = Report.objects.create_for(halfway_round, pledge)
    report.save_draft(by=editor_a, expected_revision=report.revision)
    fill(report)
    for question in halfway_round.questions.all():
        report.set_answer(question, yes=True, text="Ja.")
    report.save()
    report.submit(by=editor_a)

    client.force_login(coordinator)
    with django_assert_max_num_queries(REVIEW_QUERIES):
        response = client.get(review_url(report))
    assert len(response.context["actor_measures"]) == n + 1
    assert len(response.context["board_measures"]) == n + 1
    assert len(response.context["answers"]) == n


def test_a_decision_without_a_button_says_which_to_press(as_user, submitted):
    response = as_user("coordinator").post(
        review_url(submitted), {"form": "review", "revision": submitted.revision, "note": "Bra."}
    )
    assert "Välj Godkänn eller Skicka tillbaka." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
