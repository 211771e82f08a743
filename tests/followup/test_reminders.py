"""Invitations when a round opens, reminders before the due date, late notices after it:
each e-mail once, however often the daily command runs."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from followup.models import Notification, Report, ReportLink
from followup.services import open_round

from .conftest import make_round, report_in_status

D = datetime.date
DUE = D(2025, 6, 30)


def run(day, *args):
    out = StringIO()
    call_command("followup_reminders", "--date", day.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def opened(kronoberg, coordinator, pledge_a, pledge_b, editor_a, editor_b):
    round = make_round(kronoberg, due=DUE, opens=D(2025, 4, 1), created_by=coordinator)
    open_round(round=round, pledges=[pledge_a, pledge_b], by=coordinator)
    mail.outbox.clear()
    return round


def test_opening_a_round_invites_each_representative_with_a_link(
    kronoberg, coordinator, pledge_a, editor_a, django_capture_on_commit_callbacks
):
    round = make_round(kronoberg, due=DUE, created_by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        (report,) = open_round(round=round, pledges=[pledge_a], by=coordinator)
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
        open_round(round=round, pledges=[pledge_b], by=coordinator)  # actor B: no editor here
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
