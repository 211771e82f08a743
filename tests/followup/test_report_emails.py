"""The e-mails of a report's life: submitted (to the county's coordinators), sent back
(to the actor's editors, with the comments and a new link) and accepted (to the
editors, with the public page). Each person gets their own message, once."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from actors.models import Membership
from followup.models import Notification, Report, ReportEvent, ReportLink
from followup.tasks import send_report_news
from pledges.models import Party
from tests import factories
from tests.helpers import logged_in
from tests.html import by_id, text

from .report_pages import decide, form_data

S = Report.Status
LINK = re.compile(r"https?://\S+/rapportera/[\w-]+/")


@pytest.fixture
def people(kronoberg, actor_a, coordinator, other_coordinator, editor_a, editor_b):
    """Everyone who could be told, and who should not be."""
    second_editor = factories.MembershipFactory(actor=actor_a).user
    return {
        "coordinator": coordinator,
        "second_coordinator": factories.CountyRoleFactory(county=kronoberg).user,
        "editor_a": editor_a,
        "second_editor": second_editor,
        # Nobody else: not a retired coordinator or editor, not the actor's signatory
        # (who reads reports, never writes them), not another county or actor.
        "retired_coordinator": factories.CountyRoleFactory(
            county=kronoberg, user__is_active=False
        ).user,
        "retired_editor": factories.MembershipFactory(actor=actor_a, user__is_active=False).user,
        "signatory": factories.MembershipFactory(
            actor=actor_a, role=Membership.Role.SIGNATORY
        ).user,
        "other_coordinator": other_coordinator,
        "editor_b": editor_b,
        "national_admin": factories.UserFactory(is_staff=True, is_superuser=True),
    }


def inbox():
    """(recipient, subject, body) of every message sent, one recipient each."""
    messages = []
    for message in mail.outbox:
        assert len(message.to) == 1, message.to  # nobody sees the others' addresses
        messages.append((message.to[0], message.subject, message.body))
    mail.outbox.clear()
    return messages


def recipients(messages):
    return sorted(to for to, _subject, _body in messages)


def emails(people, *names):
    return sorted(people[name].email for name in names)


def submit(client, url):
    page = client.get(url)
    response = client.post(url, form_data(page, action="submit"))
    assert response.status_code == 302
    return response


def test_who_gets_what_once_through_the_whole_life_of_a_report(people, report, halfway_round):
    coordinator, editor_a = people["coordinator"], people["editor_a"]
    actor_mr = report.measure_reports.get(measure__party=Party.ACTOR)
    report.save_draft(by=editor_a, expected_revision=report.revision)
    for mr in report.measure_reports.all():
        mr.status = "started"
        mr.save()
    mail.outbox.clear()
    review_url = settings.SITE_URL + reverse("followup:report_review", args=[report.pk])

    # Submitted by the actor's editor: each of the county's coordinators is told.
    actor = logged_in(editor_a)
    submit(actor, reverse("followup:report_edit", args=[report.pk]))
    submitted = inbox()
    assert recipients(submitted) == emails(people, "coordinator", "second_coordinator")
    for _to, subject, body in submitted:
        assert subject == f"Rapport att granska: {halfway_round.title} ({report.pledge.actor})"
        assert review_url in body
        assert str(editor_a) in body

    # Sent back with a general comment and one beside a measure: each editor is told
    # both, with a new link of their own (the invitation's link is spent).
    reviewer = logged_in(coordinator)
    report.refresh_from_db()
    links_before = set(ReportLink.objects.values_list("pk", flat=True))
    response = decide(
        reviewer,
        report,
        "return",
        note="Berätta mer om bussarna.",
        **{f"measure_comment_{actor_mr.pk}": "Hur många bussar går på biogas?"},
    )
    assert response.status_code == 302
    sent_back = inbox()
    assert recipients(sent_back) == emails(people, "editor_a", "second_editor")
    links = {}
    for to, subject, body in sent_back:
        assert subject == f"Rapporten behöver kompletteras: {halfway_round.title}"
        assert "Berätta mer om bussarna." in body
        assert f"{actor_mr.measure}: Hur många bussar går på biogas?" in body
        [links[to]] = LINK.findall(body)
        assert links[to].startswith(settings.SITE_URL)
    assert len(set(links.values())) == 2
    new_links = ReportLink.objects.exclude(pk__in=links_before)
    assert sorted(new_links.values_list("email", flat=True)) == emails(
        people, "editor_a", "second_editor"
    )
    # Only the hashes are stored: the token is in the e-mail and nowhere else.
    for link in new_links:
        assert link.token_hash not in links[link.email]

    # The second editor opens their link (no account), reads the comments and submits.
    visitor = Client()
    opened = visitor.get(links[people["second_editor"].email])
    assert opened.status_code == 200
    spent = visitor.post(links[people["second_editor"].email])
    assert spent.status_code == 302
    form = visitor.get(spent.url)
    assert form.status_code == 200
    assert "Hur många bussar går på biogas?" in text(by_id(form, "main"))
    assert "Berätta mer om bussarna." in text(by_id(form, "main"))
    submit(visitor, spent.url)
    assert Report.objects.get(pk=report.pk).status == S.SUBMITTED
    resubmitted = inbox()
    assert recipients(resubmitted) == emails(people, "coordinator", "second_coordinator")
    for _to, _subject, body in resubmitted:
        assert review_url in body
        assert people["second_editor"].email in body  # whose link sent it in

    # Accepted: each editor is told, with the pledge's public page.
    report.refresh_from_db()
    response = decide(reviewer, report, "accept", note="Tack, det här blev tydligt.")
    assert response.status_code == 302
    accepted = inbox()
    assert recipients(accepted) == emails(people, "editor_a", "second_editor")
    public_url = settings.SITE_URL + report.pledge.get_absolute_url()
    for _to, subject, body in accepted:
        assert subject == f"Rapporten är godkänd: {halfway_round.title}"
        assert "Tack, det här blev tydligt." in body
        assert public_url in body
        assert "/rapportera/" not in body
    assert Client().get(report.pledge.get_absolute_url()).status_code == 200

    # A double click on the decision, or the tasks run again: nothing more is sent.
    again = decide(reviewer, report, "accept", note="Tack, det här blev tydligt.")
    assert again.status_code == 200
    for event in ReportEvent.objects.filter(report=report):
        send_report_news.enqueue(event_id=event.pk)
    assert inbox() == []
    assert Notification.objects.filter(report=report).exclude(key="invitation").count() == 8


def test_a_coordinator_who_submits_is_not_told_of_it_but_the_others_are(people, report):
    coordinator = people["coordinator"]
    report.save_draft(by=coordinator, expected_revision=report.revision)
    for mr in report.measure_reports.all():
        mr.status = "done"
        mr.save()
    mail.outbox.clear()
    client = logged_in(coordinator)

    submit(client, reverse("followup:report_edit", args=[report.pk]))

    assert recipients(inbox()) == emails(people, "second_coordinator")


def test_a_news_task_that_runs_late_sends_nothing_outdated(people, report):
    """The worker was behind: the report was sent back and submitted again before the
    first submission's e-mail went out. Only the news that still holds is sent."""
    from tests.factories import report_in_status

    report_in_status(S.SUBMITTED, report, editor=people["editor_a"])
    first = report.events.get(to_status=S.SUBMITTED)
    report.request_changes(by=people["coordinator"], note="Mer, tack.")
    back = report.events.get(to_status=S.CHANGES_REQUESTED)
    report.submit(by=people["editor_a"])
    mail.outbox.clear()

    send_report_news.enqueue(event_id=first.pk)
    send_report_news.enqueue(event_id=back.pk)

    assert inbox() == []
    assert ReportLink.objects.filter(report=report).count() == 0


def test_a_task_run_again_sends_nobody_a_second_message_nor_a_second_link(people, report):
    from followup.services import request_report_changes, submit_report
    from tests.factories import fill

    report.save_draft(by=people["editor_a"], expected_revision=report.revision)
    fill(report)
    submitted = submit_report(report=report, by=people["editor_a"])
    assert len(inbox()) == 2
    send_report_news.enqueue(event_id=submitted.pk)
    assert inbox() == []

    sent_back = request_report_changes(report=report, by=people["coordinator"], note="Mer.")
    assert recipients(inbox()) == emails(people, "editor_a", "second_editor")
    links = ReportLink.objects.filter(report=report).count()
    send_report_news.enqueue(event_id=sent_back.pk)
    send_report_news.enqueue(event_id=sent_back.pk)
    assert inbox() == []
    assert ReportLink.objects.filter(report=report).count() == links == 2
