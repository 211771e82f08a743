"""Follow-up rounds: the county board asks a set of signed pledges for a report by a
date, with an optional questionnaire."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import County
from actors.rules import reach
from pledges.exceptions import TransitionError
from pledges.models import FIRST_YEAR, LAST_YEAR
from pledges.text import short_text


class RoundQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Rounds of the counties `user` coordinates."""
        return self.filter(reach(user, county="county_id"))


class RoundKind(models.TextChoices):
    """Round.Kind (outside the class, so that its constraints can name the values)."""

    HALFWAY = "halfway", _("Halvtidsuppföljning")
    FINAL = "final", _("Slutuppföljning")
    ANNUAL = "annual", _("Årlig uppföljning")
    CUSTOM = "custom", _("Annan uppföljning")


class Round(models.Model):
    """A follow-up round: the county board asks a set of pledges for a report by a date."""

    Kind = RoundKind

    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="rounds"
    )
    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(_("typ av uppföljning"), max_length=10, choices=Kind.choices)
    opens = models.DateField(_("öppnar"))
    due = models.DateField(_("sista dag för rapport"))
    closes = models.DateField(
        _("stänger"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt så kan sena rapporter lämnas tills vidare."),
    )
    opened_at = models.DateTimeField(
        _("öppnad"),
        null=True,
        blank=True,
        help_text=_("När samordnaren öppnade omgången och inbjudningarna gick ut."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = RoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljningsomgång")
        verbose_name_plural = _("uppföljningsomgångar")
        ordering = ["county", "-due", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RoundKind.values),
                name="round_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(opens__lte=F("due"))
                & (Q(closes__isnull=True) | Q(closes__gte=F("due"))),
                name="round_dates_order",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.county})"

    def clean(self):
        super().clean()
        errors = {}
        for name in ("opens", "due", "closes"):
            day = getattr(self, name)
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                # A date picker lets a year have six digits, and a slip of the hand does.
                errors[name] = [
                    gettext("Välj ett datum mellan år %(first)s och %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                ]
        if errors:
            raise ValidationError(errors)
        if self.opens and self.due and self.due < self.opens:
            errors["due"] = [gettext("Sista dagen kan inte vara före den dag omgången öppnar.")]
        if self.closes and self.due and self.closes < self.due:
            errors["closes"] = [gettext("Omgången kan inte stänga före sista dagen för rapport.")]
        if errors:
            raise ValidationError(errors)

    @property
    def is_opened(self) -> bool:
        return self.opened_at is not None

    def is_past_due(self, today: datetime.date | None = None) -> bool:
        """Its last day for reports has passed: an owed report is late."""
        return self.due < (today or timezone.localdate())

    def is_closed(self, today: datetime.date | None = None) -> bool:
        """Closed the day after its `closes` date: no report is changed or submitted, no
        pledge added, nobody chased. A round without one never closes."""
        return self.closes is not None and self.closes < (today or timezone.localdate())

    def mark_opened(self, *, at=None) -> None:
        """Record that the round is open. Refused if it already was: the invitations
        go out when a round opens, and they must not go out twice."""
        at = at or timezone.now()
        if not Round.objects.filter(pk=self.pk, opened_at__isnull=True).update(opened_at=at):
            raise TransitionError(gettext("Omgången är redan öppnad."))
        self.opened_at = at


class Question(models.Model):
    """A question of the round's questionnaire: answered yes or no, with free text."""

    round = models.ForeignKey(
        Round, verbose_name=_("omgång"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    text = models.TextField(_("fråga"))

    class Meta:
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        ordering = ["round", "order", "pk"]

    def __str__(self):
        return short_text(self.text, 80)
