"""Who is chased for a report: never a withdrawn pledge, a finished report or a closed
round; and one definition of a late report (followup/lateness.py)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from followup.lateness import late_q
from followup.models import Notification, Report, ReportLink
from followup.services import open_round
from followup.tasks import (
    send_late_notice,
    send_report_invitation,
    send_report_link,
    send_report_reminder,
)

from .conftest import make_round, report_in_status

D = datetime.date
DUE = D(2025, 6, 30)
S = Report.Status


def run(day):
    call_command("followup_reminders", "--date", day.isoformat(), stdout=StringIO())


@pytest.fixture
def opened(kronoberg, coordinator, pledge_a, pledge_b, editor_a, editor_b):
    round = make_round(kronoberg, due=DUE, opens=D(2025, 4, 1), created_by=coordinator)
    open_round(round=round, pledges=[pledge_a, pledge_b], by=coordinator)
    mail.outbox.clear()
    return round


def report_of(round, pledge):
    return round.reports.get(pledge=pledge)


# 1. A pledge withdrawn after the round opened.


def test_a_withdrawn_pledge_is_not_reminded(opened, pledge_a, editor_b):
    pledge_a.withdraw(by=None)
    run(DUE - datetime.timedelta(days=14))
    assert [m.to for m in mail.outbox] == [[editor_b.email]]
    assert not Notification.objects.filter(
        report__pledge=pledge_a, kind=Notification.Kind.REMINDER
    ).exists()


def test_a_withdrawn_pledge_is_not_in_the_late_notice(opened, pledge_a, pledge_b, coordinator):
    pledge_a.withdraw(by=None)
    run(DUE + datetime.timedelta(days=1))
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "Aktör B AB" in mail.outbox[0].body
    assert "Aktör A AB" not in mail.outbox[0].body


def test_no_late_notice_when_only_withdrawn_pledges_are_outstanding(
    opened, pledge_a, pledge_b, coordinator
):
    report_in_status(S.SUBMITTED, report_of(opened, pledge_b))
    pledge_a.withdraw(by=None)
    run(DUE + datetime.timedelta(days=1))
    assert mail.outbox == []
    assert not Notification.objects.filter(kind=Notification.Kind.LATE).exists()


def test_the_tasks_send_nothing_for_a_withdrawn_pledge(opened, pledge_a, editor_a):
    report = report_of(opened, pledge_a)
    pledge_a.withdraw(by=None)
    links = ReportLink.objects.filter(report=report).count()
    assert send_report_invitation.call(report_id=report.pk) == 0
    assert send_report_reminder.call(report_id=report.pk, days_left=3) == 0
    assert send_report_link.call(report_id=report.pk, email=editor_a.email) == 0
    assert mail.outbox == []
    assert ReportLink.objects.filter(report=report).count() == links


def test_a_late_notice_queued_before_the_withdrawal_leaves_it_out(opened, pledge_a, coordinator):
    pledge_a.withdraw(by=None)
    send_late_notice.call(round_id=opened.pk, on=(DUE + datetime.timedelta(days=1)).isoformat())
    assert "Aktör A AB" not in mail.outbox[0].body


def test_a_withdrawn_pledge_gets_no_new_link(client, opened, pledge_a, editor_a):
    report = report_of(opened, pledge_a)
    link, token = ReportLink.objects.issue(report, editor_a.email)
    link.use()
    ReportLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    pledge_a.withdraw(by=None)
    response = client.post(reverse("followup:link_renew", kwargs={"token": token}))
    assert response.status_code == 200
    assert mail.outbox == []


# 6. A finished report gets no new link.


@pytest.mark.parametrize("status", [S.SUBMITTED, S.ACCEPTED])
def test_a_finished_report_gets_no_new_link(client, opened, pledge_a, editor_a, status):
    report = report_in_status(status, report_of(opened, pledge_a))
    link, token = ReportLink.objects.issue(report, editor_a.email)
    link.use()
    ReportLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    spent = client.post(reverse("followup:report_link", kwargs={"token": token}))
    assert spent.status_code == 410
    assert "Skicka en ny länk" not in spent.content.decode()  # not offered
    client.post(reverse("followup:link_renew", kwargs={"token": token}))
    assert send_report_link.call(report_id=report.pk, email=editor_a.email) == 0
    assert mail.outbox == []


# 3. A closed round: no new links, no reminders.


@pytest.fixture
def closed(kronoberg, coordinator, pledge_a, editor_a):
    """A round opened while it was open, and closed yesterday."""
    today = timezone.localdate()
    round = make_round(kronoberg, due=today - datetime.timedelta(days=20), created_by=coordinator)
    open_round(round=round, pledges=[pledge_a], by=coordinator)
    round.closes = today - datetime.timedelta(days=1)
    round.save()
    mail.outbox.clear()
    return round


def test_a_closed_round_sends_no_new_link(client, closed, pledge_a, editor_a):
    report = report_of(closed, pledge_a)
    link, token = ReportLink.objects.issue(report, editor_a.email)
    ReportLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40),
        expires_at=timezone.now() - datetime.timedelta(days=10),
    )
    expired = client.get(reverse("followup:report_link", kwargs={"token": token}))
    assert expired.status_code == 410
    assert "Skicka en ny länk" not in expired.content.decode()
    client.post(reverse("followup:link_renew", kwargs={"token": token}))
    assert mail.outbox == []
    assert ReportLink.objects.filter(report=report).count() == 1


def test_a_closed_round_sends_no_reminder_or_invitation(closed, pledge_a):
    report = report_of(closed, pledge_a)
    assert send_report_reminder.call(report_id=report.pk, days_left=0) == 0
    assert send_report_invitation.call(report_id=report.pk) == 0
    assert send_report_link.call(report_id=report.pk, email="x@example.org") == 0
    assert mail.outbox == []


def test_a_round_closing_today_is_still_open(closed, pledge_a, editor_a):
    closed.closes = timezone.localdate()
    closed.save()
    report = report_of(closed, pledge_a)
    assert send_report_link.call(report_id=report.pk, email=editor_a.email) == 1


# 7. One definition of late.


@pytest.mark.parametrize(
    ("status", "late"),
    [
        (S.NOT_STARTED, True),
        (S.DRAFT, True),
        (S.CHANGES_REQUESTED, True),
        (S.SUBMITTED, False),
        (S.ACCEPTED, False),
    ],
)
def test_late_is_outstanding_and_past_due(report, coordinator, status, late):
    from followup.lateness import is_late

    report_in_status(status, report, coordinator=coordinator)
    due = report.round.due
    day_after = due + datetime.timedelta(days=1)
    assert is_late(report, day_after) is late
    assert Report.objects.filter(late_q(day_after), pk=report.pk).exists() is late
    # Not on the due date itself.
    assert not is_late(report, due)
    assert not Report.objects.filter(late_q(due), pk=report.pk).exists()


def test_a_withdrawn_pledges_report_is_never_late(report, pledge_a):
    from followup.lateness import is_late

    pledge_a.withdraw(by=None)
    report.refresh_from_db()
    day_after = report.round.due + datetime.timedelta(days=1)
    assert not is_late(report, day_after)
    assert not Report.objects.filter(late_q(day_after)).exists()
