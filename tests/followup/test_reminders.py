"""Invitations when a round opens (on its opening day, to those who represent the actor),
reminders before the due date, late notices after it: each e-mail once, however often the
daily command runs. Never chased: a withdrawn pledge, a finished report, a closed round;
and one definition of a late report (followup/lateness.py)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actors.models import Membership
from followup.lateness import late_q
from followup.models import Notification, Report, ReportLink
from followup.services import add_to_round, open_round
from followup.tasks import (
    send_late_notice,
    send_report_invitation,
    send_report_link,
    send_report_reminder,
)
from tests import factories
from tests.factories import make_round, report_in_status

D = datetime.date
DAY = datetime.timedelta(days=1)
DUE = D(2025, 6, 30)
S = Report.Status


def run(day, *args):
    out = StringIO()
    call_command("followup_reminders", "--date", day.isoformat(), *args, stdout=out)
    return out.getvalue()


def invitations(**filters):
    return Notification.objects.filter(kind=Notification.Kind.INVITATION, **filters)


def report_of(round, pledge):
    return round.reports.get(pledge=pledge)


@pytest.fixture
def opened(kronoberg, coordinator, pledge_a, pledge_b, editor_a, editor_b):
    round = make_round(kronoberg, due=DUE, opens=D(2025, 4, 1), created_by=coordinator)
    open_round(round=round, pledges=[pledge_a, pledge_b])
    mail.outbox.clear()
    return round


def test_opening_a_round_invites_each_representative_with_a_link(
    kronoberg, coordinator, pledge_a, editor_a, django_capture_on_commit_callbacks
):
    round = make_round(kronoberg, due=DUE, created_by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        (report,) = open_round(round=round, pledges=[pledge_a])
    assert [m.to for m in mail.outbox] == [[editor_a.email]]
    message = mail.outbox[0]
    assert "Halvtidsuppföljning 2025" in message.subject
    assert "30 juni 2025" in message.body
    assert "/rapportera/" in message.body
    assert ReportLink.objects.filter(report=report, email=editor_a.email).count() == 1
    assert Notification.objects.filter(report=report, key="invitation").exists()


def test_an_actor_without_representatives_is_skipped_and_logged(
    kronoberg, coordinator, pledge_b, django_capture_on_commit_callbacks, caplog
):
    round = make_round(kronoberg, due=DUE, created_by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        open_round(round=round, pledges=[pledge_b])  # actor B: no editor here
    assert mail.outbox == []
    assert "has no representative" in caplog.text


def test_reminders_run_twice_the_same_day_send_once(opened, editor_a, editor_b):
    run(DUE - datetime.timedelta(days=14))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([editor_a.email, editor_b.email])
    assert all("Påminnelse" in m.subject for m in mail.outbox)
    assert "om 14 dagar" in mail.outbox[0].body
    run(DUE - datetime.timedelta(days=14))
    run(DUE - datetime.timedelta(days=10))  # still the same reminder: not again
    assert len(mail.outbox) == 2

    run(DUE - datetime.timedelta(days=3))
    assert len(mail.outbox) == 4
    run(DUE - datetime.timedelta(days=3))
    assert len(mail.outbox) == 4


def test_a_submitted_report_is_not_reminded(opened, editor_a, editor_b):
    report_in_status(Report.Status.SUBMITTED, opened.reports.get(pledge__actor__name="Aktör A AB"))
    run(DUE - datetime.timedelta(days=3))
    assert [m.to for m in mail.outbox] == [[editor_b.email]]


def test_nothing_before_the_first_reminder(opened):
    assert "0 e-mail" in run(DUE - datetime.timedelta(days=20))
    assert mail.outbox == []


def test_a_dry_run_sends_and_records_nothing(opened):
    out = run(DUE - datetime.timedelta(days=14), "--dry-run")
    assert "would queue 2" in out
    assert mail.outbox == []
    assert not Notification.objects.filter(kind=Notification.Kind.REMINDER).exists()


def test_the_coordinator_is_told_who_is_late_once_a_day_at_most(
    opened, coordinator, other_coordinator, editor_a
):
    report_in_status(Report.Status.SUBMITTED, opened.reports.get(pledge__actor__name="Aktör A AB"))
    day_after = DUE + datetime.timedelta(days=1)
    run(day_after)
    run(day_after)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    body = mail.outbox[0].body
    assert "Aktör B AB" in body
    assert "Aktör A AB" not in body
    assert "/arbetsyta/rapporter/" in body

    run(day_after + datetime.timedelta(days=3))  # within the week: not again
    assert len(mail.outbox) == 1
    run(day_after + datetime.timedelta(days=7))
    assert len(mail.outbox) == 2


def test_no_late_notice_when_everyone_has_reported(opened, editor_a):
    for report in opened.reports.all():
        report_in_status(Report.Status.SUBMITTED, report)
    run(DUE + datetime.timedelta(days=1))
    assert mail.outbox == []


def test_the_reminder_days_are_a_setting(opened, settings):
    settings.FOLLOWUP_REMINDER_DAYS = (7,)
    run(DUE - datetime.timedelta(days=14))
    assert mail.outbox == []
    run(DUE - datetime.timedelta(days=7))
    assert len(mail.outbox) == 2


def test_a_bad_date_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("followup_reminders", "--date", "2025-13-01")


# Invitations on the round's opening day ------------------------------------------------


@pytest.fixture
def early(kronoberg, coordinator, pledge_a, editor_a, django_capture_on_commit_callbacks):
    """A round opened ten days before its opening day."""
    today = timezone.localdate()
    round = make_round(
        kronoberg, opens=today + 10 * DAY, due=today + 60 * DAY, created_by=coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        open_round(round=round, pledges=[pledge_a])
    return round


def test_a_round_opened_early_invites_nobody_yet(early):
    assert mail.outbox == []
    assert not invitations().exists()


def test_the_daily_command_invites_on_the_opening_day_once(early, editor_a):
    assert "0 e-mail" in run(early.opens - DAY)
    assert mail.outbox == []
    run(early.opens)
    run(early.opens)
    assert [m.to for m in mail.outbox] == [[editor_a.email]]
    assert "Halvtidsuppföljning" in mail.outbox[0].subject
    assert invitations(sent_on=early.opens).count() == 1
    run(early.opens + DAY)
    assert len(mail.outbox) == 1


def test_an_invitation_in_the_reminder_window_is_not_followed_by_a_reminder(
    kronoberg, coordinator, pledge_a, editor_a, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    round = make_round(kronoberg, opens=today + 5 * DAY, due=today + 15 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        open_round(round=round, pledges=[pledge_a])
    assert "would queue 1" in run(round.opens, "--dry-run")
    run(round.opens)  # ten days before the due date: the fortnight's reminder is due too
    assert len(mail.outbox) == 1
    run(round.opens + DAY)
    assert len(mail.outbox) == 1
    run(round.due - 3 * DAY)
    assert len(mail.outbox) == 2 and "Påminnelse" in mail.outbox[1].subject


def test_adding_to_a_round_before_its_opening_day_waits_too(early, pledge_b, editor_a, editor_b):
    add_to_round(round=early, pledges=[pledge_b])
    assert mail.outbox == [] and not invitations().exists()
    run(early.opens)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([editor_a.email, editor_b.email])


def test_opening_on_the_opening_day_invites_at_once(
    kronoberg, coordinator, pledge_a, editor_a, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    round = make_round(kronoberg, opens=today, due=today + 30 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        open_round(round=round, pledges=[pledge_a])
    assert [m.to for m in mail.outbox] == [[editor_a.email]]
    assert invitations(sent_on=today).count() == 1


# An actor nobody represents ------------------------------------------------------------


@pytest.fixture
def unrepresented(kronoberg, coordinator, pledge_a, pledge_b, editor_a):
    """Actor B has no editor; actor A has one."""
    round = make_round(kronoberg, due=timezone.localdate() + 30 * DAY, created_by=coordinator)
    open_round(round=round, pledges=[pledge_a, pledge_b])
    return round


def test_no_invitation_is_recorded_for_an_actor_nobody_represents(unrepresented, pledge_b):
    assert invitations(report__pledge__actor__name="Aktör A AB").exists()
    assert not invitations(report__pledge=pledge_b).exists()


def test_the_round_page_says_who_has_nobody_to_send_to(client, coordinator, unrepresented):
    client.force_login(coordinator)
    page = client.get(reverse("followup:round_detail", args=[unrepresented.pk]))
    rows = page.content.decode().split("<tr>")
    (row_a,) = [r for r in rows if "Aktör A AB" in r]
    (row_b,) = [r for r in rows if "Aktör B AB" in r]
    assert "Ingen representant att skicka till" in row_b
    assert "Ingen representant att skicka till" not in row_a


def test_an_actor_that_gets_a_representative_is_invited_by_the_daily_command(
    unrepresented, pledge_b, actor_b
):
    mail.outbox.clear()
    run(timezone.localdate())
    assert mail.outbox == []
    newcomer = factories.MembershipFactory(actor=actor_b, role=Membership.Role.EDITOR).user
    run(timezone.localdate())
    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    assert invitations(report__pledge=pledge_b).count() == 1


# A pledge withdrawn after the round opened ---------------------------------------------


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


# A finished report gets no new link ----------------------------------------------------


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


# A closed round: no new links, no reminders --------------------------------------------


@pytest.fixture
def closed(kronoberg, coordinator, pledge_a, editor_a):
    """A round opened while it was open, and closed yesterday."""
    today = timezone.localdate()
    round = make_round(kronoberg, due=today - datetime.timedelta(days=20), created_by=coordinator)
    open_round(round=round, pledges=[pledge_a])
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


def test_a_round_closing_today_still_sends_a_new_link(closed, pledge_a, editor_a):
    closed.closes = timezone.localdate()
    closed.save()
    report = report_of(closed, pledge_a)
    assert send_report_link.call(report_id=report.pk, email=editor_a.email) == 1


# One definition of late ----------------------------------------------------------------


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
    report_in_status(status, report, coordinator=coordinator)
    due = report.round.due
    day_after = due + datetime.timedelta(days=1)
    assert Report.objects.filter(late_q(day_after), pk=report.pk).exists() is late
    # Not on the due date itself.
    assert not Report.objects.filter(late_q(due), pk=report.pk).exists()


def test_a_withdrawn_pledges_report_is_never_late(report, pledge_a):
    pledge_a.withdraw(by=None)
    report.refresh_from_db()
    day_after = report.round.due + datetime.timedelta(days=1)
    assert not Report.objects.filter(late_q(day_after)).exists()
