"""What reaches an actor's representatives outside the portal: the one-time links
to a report, and the record of every follow-up e-mail sent."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .reports import Report
from .rounds import Round


def link_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.FOLLOWUP_LINK_DAYS)


class ReportLinkQuerySet(models.QuerySet):
    def issue(self, report, email) -> tuple["ReportLink", str]:
        """A new one-time link to `report` for `email`, and its token. Only the token's
        hash is stored: the token itself exists in the e-mail alone."""
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        link = self.create(
            report=report,
            email=email,
            token_hash=link_token_hash(token),
            created_at=now,
            expires_at=now + link_lifetime(),
        )
        return link, token

    def for_token(self, token: str):
        return self.filter(token_hash=link_token_hash(token or "")).first()


class ReportLink(models.Model):
    """A one-time, expiring link e-mailed to an actor's representative: it opens one
    report without an account."""

    report = models.ForeignKey(
        Report, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="links"
    )
    email = models.EmailField(_("e-postadress"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    expires_at = models.DateTimeField(_("går ut"))
    used_at = models.DateTimeField(_("använd"), null=True, blank=True)

    objects = ReportLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("engångslänk till rapport")
        verbose_name_plural = _("engångslänkar till rapporter")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["report", "email", "created_at"])]

    def __str__(self):
        return f"{self.report} → {self.email}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def use(self) -> bool:
        """Spend the link: False if it was spent (or ran out) first. The UPDATE is
        conditional, so two requests with the same link cannot both succeed."""
        now = timezone.now()
        spent = ReportLink.objects.filter(
            pk=self.pk, used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if spent:
            self.used_at = now
        return spent == 1


class NotificationKind(models.TextChoices):
    """Notification.Kind (outside the class, so that its constraints can name the values)."""

    INVITATION = "invitation", _("Inbjudan")
    REMINDER = "reminder", _("Påminnelse")
    LATE = "late", _("Försenade rapporter")
    SUBMITTED = "submitted", _("Rapport inskickad")
    CHANGES_REQUESTED = "changes_requested", _("Rapport åter för komplettering")
    ACCEPTED = "accepted", _("Rapport godkänd")


class Notification(models.Model):
    """An e-mail the follow-up has sent (or queued): recorded before it is queued, so that
    the daily run of `followup_reminders` sends each one once however often it runs.

    The news of a report's review (submitted, sent back, accepted) is recorded by the
    task that sends it, one row per person, so that the task run again sends nothing twice.
    """

    Kind = NotificationKind

    round = models.ForeignKey(
        Round, verbose_name=_("omgång"), on_delete=models.CASCADE, related_name="notifications"
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("rapport"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    # What makes it the same e-mail: "invitation", "reminder-14", "late-2025-07-01",
    # "<kind>-<report event>-<user>" for the news of a review.
    key = models.CharField(_("nyckel"), max_length=50)
    sent_on = models.DateField(_("skickad"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")
        ordering = ["-sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "key"],
                condition=Q(report__isnull=False),
                name="notification_unique_per_report",
            ),
            models.UniqueConstraint(
                fields=["round", "key"],
                condition=Q(report__isnull=True),
                name="notification_unique_per_round",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values),
                name="notification_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key} ({self.sent_on})"
