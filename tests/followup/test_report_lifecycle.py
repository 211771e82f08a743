"""A report's whole life over HTTP: draft, a refused submission, submission, sent back
with a comment on a measure, completed and submitted again."""

from django.urls import reverse

from followup.models import MeasureReport, Question, Report, ReportEvent
from pledges.models import Party
from tests.helpers import logged_in, messages_of
from tests.html import by_id, text

from .report_pages import form_data, problems_box

S = Report.Status


def test_the_whole_life_of_a_report(editor_a, coordinator, report, halfway_round):
    question = Question.objects.create(round=halfway_round, text="Har ni en miljöpolicy?")
    actor = logged_in(editor_a)
    url = reverse("followup:report_edit", args=[report.pk])
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    m = f"m{mr.pk}"

    # A draft with a comment only.
    page = actor.get(url)
    assert page.status_code == 200
    draft = actor.post(url, form_data(page, **{f"{m}-comment": "Vi har börjat."}))
    assert draft.status_code == 302
    assert "Utkastet är sparat." in messages_of(draft)
    report.refresh_from_db()
    assert report.status == S.DRAFT
    assert MeasureReport.objects.get(pk=mr.pk).comment == "Vi har börjat."

    # Submitting with problems: the draft is saved and the problems are shown.
    page = actor.get(url)
    refused = actor.post(
        url, form_data(page, action="submit", comment="Övergripande: det går bra."), follow=True
    )
    assert refused.status_code == 200
    problems = problems_box(refused)
    assert "Ange status för åtgärden" in problems
    assert "Svara ja eller nej på frågan ”Har ni en miljöpolicy?”" in problems
    report.refresh_from_db()
    assert report.status == S.DRAFT
    assert report.comment == "Övergripande: det går bra."

    # Submitted.
    page = actor.get(url)
    submitted = actor.post(
        url,
        form_data(
            page,
            action="submit",
            **{
                f"{m}-status": "started",
                f"q{question.pk}-yes": "ja",
                f"q{question.pk}-text": "Ja.",
            },
        ),
        follow=True,
    )
    assert "Rapporten är inskickad" in text(by_id(submitted, "main"))
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    assert report.submitted_by == editor_a
    assert report.answer_to(question) == {"yes": True, "text": "Ja."}
    assert "Spara utkast" not in submitted.content.decode()

    # The coordinator's side (their screens are another page): sent back with a comment.
    report.request_changes(
        by=coordinator, note="Berätta mer.", measure_comments={mr.pk: "Vilka bussar?"}
    )

    # The actor sees the comment beside the measure, completes and submits again.
    page = actor.get(url)
    beside = text(by_id(page, f"measure-{mr.pk}"))
    assert "Länsstyrelsens kommentar: Vilka bussar?" in beside
    assert "Berätta mer." in text(by_id(page, "review-comment"))
    again = actor.post(
        url,
        form_data(page, action="submit", **{f"{m}-status": "done", f"{m}-comment": "Tre bussar."}),
    )
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    assert MeasureReport.objects.get(pk=mr.pk).status == "done"
    assert list(ReportEvent.objects.filter(report=report).values_list("to_status", flat=True)) == [
        S.DRAFT,
        S.SUBMITTED,
        S.CHANGES_REQUESTED,
        S.SUBMITTED,
    ]

    # Accepted, it is read-only for the actor.
    MeasureReport.objects.filter(report=report, measure__party=Party.BOARD).update(status="done")
    report.accept(by=coordinator)
    page = actor.get(url)
    assert "Rapporten är godkänd" in page.content.decode()
    assert "Skicka in" not in page.content.decode()


def test_the_coordinator_cannot_submit_before_the_actor_started(client, coordinator, report):
    # Submitting is refused for a report with problems, whoever asks; nothing is lost.
    client.force_login(coordinator)
    url = reverse("followup:report_edit", args=[report.pk])
    response = client.post(url, form_data(client.get(url), action="submit"), follow=True)
    assert "kan inte skickas in" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == S.DRAFT
