"""Run daily: invitations once a round's opening day has come, reminders before its
due date, and late notices after it.

Every e-mail is recorded (Notification) before it is queued, under a key that
names it ("invitation", "reminder-14", "late-2025-07-01"); the database refuses
the same key twice, so running the command again the same day (or on two
machines at once) queues nothing twice.

Invitations: a round opened on or after its `opens` date invites at once
(followup.services.add_to_round); one opened earlier is invited from here on its
opening day. So is a report whose actor had no representative then and has one now.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from followup.lateness import OWED, late_q
from followup.models import Notification, Round
from followup.representatives import represented_actor_ids
from followup.tasks import send_late_notice, send_report_invitation, send_report_reminder


def reminder_days() -> list[int]:
    return sorted(settings.FOLLOWUP_REMINDER_DAYS)


def late_notice_interval() -> int:
    return settings.FOLLOWUP_LATE_NOTICE_INTERVAL_DAYS


class Command(BaseCommand):
    help = "Skicka påminnelser före sista dagen och besked om sena rapporter efter den."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Kör som om det vore detta datum (ÅÅÅÅ-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa vad som skulle skickas, skicka inget."
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        self.today, self.dry_run, self.queued = today, dry_run, 0
        self.invited = set()  # report ids invited by this run (a dry run records nothing)
        rounds = (
            Round.objects.filter(opened_at__isnull=False, opens__lte=today)
            .exclude(closes__lt=today)
            .order_by("due", "pk")
        )
        for round in rounds:
            self.invite(round)
            days_left = (round.due - today).days
            if days_left >= 0:
                self.remind(round, days_left)
            else:
                self.tell_late(round)
        verb = "would queue" if dry_run else "queued"
        self.stdout.write(f"{today}: {verb} {self.queued} e-mail task(s).")

    def invite(self, round):
        reports = (
            round.reports.filter(OWED, pledge__actor_id__in=represented_actor_ids())
            .exclude(notifications__key="invitation")
            .select_related("pledge__actor")
        )
        for report in reports.order_by("pk"):
            self.invited.add(report.pk)
            self.queue(
                f"{report.pledge.actor}: inbjudan till {round.title}",
                Notification(
                    round=round,
                    report=report,
                    kind=Notification.Kind.INVITATION,
                    key="invitation",
                ),
                lambda report=report: send_report_invitation.enqueue(report_id=report.pk),
            )

    def remind(self, round, days_left):
        # The closest reminder only: a report added three days before the due date
        # gets the three-day reminder, not the fortnight's as well.
        days = next((n for n in reminder_days() if n >= days_left), None)
        if days is None:
            return
        window_opens = round.due - datetime.timedelta(days=days)
        invited_in_window = set(
            Notification.objects.filter(
                round=round,
                kind=Notification.Kind.INVITATION,
                sent_on__gte=window_opens,
                sent_on__lte=self.today,
            ).values_list("report_id", flat=True)
        )
        reports = round.reports.filter(OWED).select_related("pledge__actor")
        for report in reports.order_by("pk"):
            if report.pk in invited_in_window or report.pk in self.invited:
                continue  # the invitation came a moment ago: it is the reminder
            self.queue(
                f"{report.pledge.actor}: påminnelse {days} dagar före {round.due} ({round.title})",
                Notification(
                    round=round,
                    report=report,
                    kind=Notification.Kind.REMINDER,
                    key=f"reminder-{days}",
                ),
                lambda report=report: send_report_reminder.enqueue(
                    report_id=report.pk, days_left=days_left
                ),
            )

    def tell_late(self, round):
        if not round.reports.filter(late_q(self.today)).exists():
            return
        last = (
            Notification.objects.filter(round=round, kind=Notification.Kind.LATE)
            .order_by("-sent_on")
            .values_list("sent_on", flat=True)
            .first()
        )
        if last is not None and (self.today - last).days < late_notice_interval():
            return
        self.queue(
            f"{round.county}: sena rapporter i {round.title}",
            Notification(
                round=round, report=None, kind=Notification.Kind.LATE, key=f"late-{self.today}"
            ),
            lambda: send_late_notice.enqueue(round_id=round.pk, on=self.today.isoformat()),
        )

    def queue(self, what, notification, enqueue):
        if self.dry_run:
            exists = Notification.objects.filter(
                round=notification.round, report=notification.report, key=notification.key
            ).exists()
            if not exists:
                self.queued += 1
                self.stdout.write(f"  {what}")
            return
        with transaction.atomic():
            _, created = Notification.objects.get_or_create(
                round=notification.round,
                report=notification.report,
                key=notification.key,
                defaults={"kind": notification.kind, "sent_on": self.today},
            )
            if created:
                # In the same transaction: with the database task backend, the
                # record and the queued e-mail are committed together or not at all.
                enqueue()
                self.queued += 1
                self.stdout.write(f"  {what}")
