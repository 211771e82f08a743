import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Length, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor, County, CountyRole, Membership
from actors.rules import coordinated_county_ids, is_national_admin, member_actor_ids

from .text import link_line


class BilingualName(models.Model):
    """Reference rows named in Swedish and English; `name` follows the page's language."""

    name_sv = models.CharField(_("namn (svenska)"), max_length=200)
    name_en = models.CharField(_("namn (engelska)"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv


class EnvironmentalObjective(BilingualName):
    """One of the 16 environmental quality objectives, or the generational goal (0)."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)

    class Meta:
        verbose_name = _("miljökvalitetsmål")
        verbose_name_plural = _("miljökvalitetsmål")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}" if self.number else self.name


class GlobalGoal(BilingualName):
    """One of the 17 global goals of Agenda 2030."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)

    class Meta:
        verbose_name = _("globalt mål")
        verbose_name_plural = _("globala mål")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Programme(models.Model):
    """A county's regional action programme for the environmental objectives."""

    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(_("namn"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("från år"))
    end_year = models.PositiveSmallIntegerField(_("till år"))
    url = models.URLField(_("länk till programmet"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("åtgärdsprogram")
        verbose_name_plural = _("åtgärdsprogram")
        ordering = ["county", "-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="programme_period_order"
            ),
            models.UniqueConstraint(fields=["county", "name"], name="programme_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.start_year}–{self.end_year})"


class Theme(models.Model):
    """A theme of an action programme, e.g. "Klimat och energi"."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("åtgärdsprogram"), on_delete=models.CASCADE, related_name="themes"
    )
    name = models.CharField(_("namn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("teman")
        ordering = ["programme", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="theme_unique_name")
        ]

    def __str__(self):
        return self.name


class ProgrammeMeasure(models.Model):
    """A numbered measure of an action programme. Numbers are unique within a theme."""

    theme = models.ForeignKey(
        Theme, verbose_name=_("tema"), on_delete=models.CASCADE, related_name="measures"
    )
    number = models.CharField(_("nummer"), max_length=10)
    title = models.CharField(_("rubrik"), max_length=300, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    objectives = models.ManyToManyField(
        EnvironmentalObjective, verbose_name=_("miljökvalitetsmål"), blank=True
    )
    global_goals = models.ManyToManyField(GlobalGoal, verbose_name=_("globala mål"), blank=True)

    history = HistoricalRecords(m2m_fields=[objectives, global_goals])

    class Meta:
        verbose_name = _("åtgärd i åtgärdsprogrammet")
        verbose_name_plural = _("åtgärder i åtgärdsprogrammet")
        # Numbers are text ("36", "3a"); shorter first keeps 9 before 10.
        ordering = ["theme__programme", "theme__order", Length("number"), "number"]
        constraints = [
            # "3a" is measure 3A: numbers are unique within a theme whatever their case.
            models.UniqueConstraint(
                Lower("number"),
                F("theme"),
                name="programmemeasure_unique",
                violation_error_message=_("Temat har redan en åtgärd med det numret."),
            )
        ]

    def __str__(self):
        label = gettext("Åtgärd %(number)s, tema %(theme)s") % {
            "number": self.number,
            "theme": self.theme.name,
        }
        return f"{label}: {self.title}" if self.title else label


class TransitionError(Exception):
    """A workflow step that the pledge's status does not allow."""


class ContentLocked(Exception):
    """The pledge's text cannot change in its status (approved, signed, …)."""


class EditConflict(Exception):
    """Someone else saved the pledge after the editor read it."""

    def __init__(self, current_revision):
        super().__init__(current_revision)
        self.current_revision = current_revision


def _assert_content_editable(pledge_id) -> None:
    """Refuse a change to a pledge's content unless its stored status allows one.

    Reads the status from the database: an instance in memory may be stale.
    """
    status = Pledge.objects.filter(pk=pledge_id).values_list("status", flat=True).first()
    if status is not None and status not in Pledge.CONTENT_STATUSES:
        raise ContentLocked(
            gettext("Löftet har status ”%(status)s” och dess innehåll kan inte ändras.")
            % {"status": Pledge.Status(status).label}
        )


class PledgeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=Pledge.PUBLISHED_STATUSES)

    def visible_to(self, user):
        """Everything `user` may read: published pledges, and their own county's or actor's."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.published()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(status__in=Pledge.PUBLISHED_STATUSES)
            | Q(county_id__in=CountyRole.objects.filter(user=user).values("county_id"))
            | Q(actor_id__in=Membership.objects.filter(user=user).values("actor_id"))
        )

    def workspace_of(self, user):
        """Pledges `user` works on: their counties' (coordinators) and their organisations'."""
        if is_national_admin(user):
            return self.all()
        return self.filter(
            Q(county_id__in=coordinated_county_ids(user)) | Q(actor_id__in=member_actor_ids(user))
        )

    def editable_by(self, user):
        """Pledges whose content `user` may change now (the same rule as pledges.edit_pledge)."""
        S = Pledge.Status
        coordinated = Q(county_id__in=coordinated_county_ids(user))
        if is_national_admin(user):
            coordinated = Q()
        return self.filter(
            Q(status=S.DRAFT, actor_id__in=member_actor_ids(user, Membership.Role.EDITOR))
            | (Q(status__in=[S.DRAFT, S.IN_REVIEW]) & coordinated)
        )

    def for_listing(self):
        return self.select_related("actor", "county").annotate(
            actor_measure_count=models.Count(
                "measures", filter=Q(measures__party="actor"), distinct=True
            )
        )


class Pledge(models.Model):
    """A miljömålslöfte: an actor's and its county board's signed letter of intent."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        IN_REVIEW = "in_review", _("Under granskning")
        APPROVED = "approved", _("Godkänt för undertecknande")
        SIGNED = "signed", _("Undertecknat")
        CONCLUDED = "concluded", _("Avslutat")
        WITHDRAWN = "withdrawn", _("Återkallat")

    PUBLISHED_STATUSES = (Status.SIGNED, Status.CONCLUDED)
    WORKFLOW_FIELDS = (
        "status",
        "submitted_at",
        "approved_at",
        "signed_at",
        "concluded_at",
        "withdrawn_at",
    )
    # Content is editable in these statuses only (DESIGN.md, "Workflows").
    CONTENT_STATUSES = (Status.DRAFT, Status.IN_REVIEW)
    # Where each status may go next; withdrawal is possible until concluded.
    TRANSITIONS = {
        Status.DRAFT: {Status.IN_REVIEW, Status.WITHDRAWN},
        Status.IN_REVIEW: {Status.DRAFT, Status.APPROVED, Status.WITHDRAWN},
        Status.APPROVED: {Status.DRAFT, Status.SIGNED, Status.WITHDRAWN},
        Status.SIGNED: {Status.CONCLUDED, Status.WITHDRAWN},
        Status.CONCLUDED: set(),
        Status.WITHDRAWN: set(),
    }
    TIMESTAMP_FIELDS = {
        Status.IN_REVIEW: "submitted_at",
        Status.APPROVED: "approved_at",
        Status.SIGNED: "signed_at",
        Status.CONCLUDED: "concluded_at",
        Status.WITHDRAWN: "withdrawn_at",
    }

    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="pledges"
    )
    actor = models.ForeignKey(
        Actor, verbose_name=_("aktör"), on_delete=models.PROTECT, related_name="pledges"
    )
    slug = models.SlugField(_("kortnamn"), max_length=220, unique=True)
    start_year = models.PositiveSmallIntegerField(_("från år"))
    end_year = models.PositiveSmallIntegerField(_("till år"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    introduction = models.TextField(
        _("aktörens presentation"),
        blank=True,
        help_text=_("Stycket om aktören som står före dess åtgärder."),
    )
    signing_place = models.CharField(_("ort för undertecknande"), max_length=100, blank=True)
    signing_date = models.DateField(_("datum för undertecknande"), null=True, blank=True)
    revision = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Räknas upp vid varje sparning, så att två samtidiga ändringar upptäcks."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("förnyar eller ändrar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = PledgeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("miljömålslöfte")
        verbose_name_plural = _("miljömålslöften")
        ordering = ["-start_year", "actor__name"]
        indexes = [models.Index(fields=["county", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="pledge_period_order"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "draft",
                        "in_review",
                        "approved",
                        "signed",
                        "concluded",
                        "withdrawn",
                    ]
                ),
                name="pledge_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="pledge_approved_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["signed", "concluded"]) | Q(signed_at__isnull=False),
                name="pledge_signed_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(status="concluded") | Q(concluded_at__isnull=False),
                name="pledge_concluded_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="pledge_withdrawn_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["draft", "in_review", "approved"])
                | Q(signed_at__isnull=True, concluded_at__isnull=True, withdrawn_at__isnull=True),
                name="pledge_unsigned_has_no_later_timestamps",
            ),
        ]

    def __str__(self):
        return f"{self.actor.name} {self.start_year}–{self.end_year}"

    def save(self, *args, **kwargs):
        if self.pk:
            _assert_content_editable(self.pk)
            stored = Pledge.objects.filter(pk=self.pk).values(*self.WORKFLOW_FIELDS).first()
            if stored and any(stored[f] != getattr(self, f) for f in self.WORKFLOW_FIELDS):
                # The status moves only through the transition methods, which
                # check the move and write its event.
                raise TransitionError(gettext("Status ändras bara genom arbetsflödet."))
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pledges:detail", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        if self.status != self.Status.DRAFT:
            raise ContentLocked(
                gettext("Bara ett utkast kan tas bort. Återkalla löftet i stället.")
            )
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = [gettext("Slutåret kan inte vara före startåret.")]
        if self.actor_id and self.county_id and self.actor.county_id != self.county_id:
            errors["actor"] = [gettext("Aktören hör till ett annat län.")]
        if errors:
            raise ValidationError(errors)

    def _unique_slug(self) -> str:
        base = slugify(f"{self.actor.name} {self.start_year}")[:200] or "lofte"
        slug, n = base, 2
        while Pledge.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def is_published(self) -> bool:
        return self.status in self.PUBLISHED_STATUSES

    def add_standard_commitments(self) -> None:
        """Give a new pledge the county board's standard commitments as its board measures."""
        _assert_content_editable(self.pk)
        Measure.objects.bulk_create(
            Measure(pledge=self, party=Party.BOARD, order=i, text=text)
            for i, text in enumerate(self.county.standard_commitment_list(), start=1)
        )

    def closing_declaration(self) -> str:
        return self.county.closing_declaration(actor_name=self.actor.name, end_year=self.end_year)

    @property
    def content_editable(self) -> bool:
        return self.status in self.CONTENT_STATUSES

    def claim_revision(self, expected_revision: int) -> int:
        """Take the next revision for a content change, or refuse it.

        Call inside a transaction, before writing: the conditional UPDATE both
        detects a save made since the editor read `expected_revision` and locks
        the row until the transaction ends, so two saves cannot interleave.
        """
        updated = Pledge.objects.filter(
            pk=self.pk, revision=expected_revision, status__in=self.CONTENT_STATUSES
        ).update(revision=F("revision") + 1, updated_at=timezone.now())
        current = Pledge.objects.filter(pk=self.pk).values_list("revision", "status").first()
        if not updated:
            if current and current[1] not in self.CONTENT_STATUSES:
                _assert_content_editable(self.pk)
            raise EditConflict(current[0] if current else None)
        self.revision, self.status = current
        return self.revision

    def submission_problems(self) -> list[str]:
        """What must be in place before the pledge can go to review, in Swedish."""
        problems = []
        measures = list(self.measures.all())
        if not any(m.party == Party.ACTOR for m in measures):
            problems.append(gettext("Löftet har ingen åtgärd från aktören."))
        if not any(m.party == Party.BOARD for m in measures):
            problems.append(gettext("Löftet har inga åtaganden från länsstyrelsen."))
        parties = {s.party for s in self.signatories.all()}
        if Party.ACTOR not in parties:
            problems.append(gettext("Ange vem som undertecknar för aktören."))
        if Party.BOARD not in parties:
            problems.append(gettext("Ange vem som undertecknar för länsstyrelsen."))
        return problems

    # The workflow. Each step is refused unless the status allows it, and
    # writes an event row. The UPDATE is conditional on the status and the
    # revision we read, so two people pressing buttons at once cannot both
    # move the pledge, and a copy read before someone else's moves (even ones
    # that came back to the same status) cannot move it either.

    def can_transition(self, to: str) -> bool:
        return to in self.TRANSITIONS[self.Status(self.status)]

    @transaction.atomic
    def _transition(self, to, *, by=None, note="", at=None):
        to = self.Status(to)
        if not self.can_transition(to):
            raise TransitionError(
                gettext("Ett löfte med status ”%(from)s” kan inte bli ”%(to)s”.")
                % {"from": self.get_status_display(), "to": to.label}
            )
        at = at or timezone.now()
        changes = {"status": to, "revision": F("revision") + 1, "updated_at": timezone.now()}
        if to in self.TIMESTAMP_FIELDS:
            changes[self.TIMESTAMP_FIELDS[to]] = at
        if to == self.Status.DRAFT:
            changes.update(approved_at=None)
        updated = Pledge.objects.filter(
            pk=self.pk, status=self.status, revision=self.revision
        ).update(**changes)
        if not updated:
            raise TransitionError(
                gettext("Löftet har just ändrats av någon annan. Ladda om sidan.")
            )
        if to == self.Status.DRAFT and self.status == self.Status.APPROVED:
            # Signatures were given to the approved text; a draft can change,
            # so each party signs again after the next approval.
            self.signatories.update(method="", signed_at=None, signed_by=None)
        event = PledgeEvent.objects.create(
            pledge=self,
            kind=PledgeEvent.Kind.STATUS,
            from_status=self.status,
            to_status=to,
            by=by,
            note=note,
            at=at,
        )
        self.refresh_from_db()
        return event

    def submit_for_review(self, *, by, note=""):
        problems = self.submission_problems()
        if problems:
            raise TransitionError(" ".join(problems))
        return self._transition(self.Status.IN_REVIEW, by=by, note=note)

    def approve(self, *, by, note=""):
        # The text may have changed in review: approve only what could be signed.
        problems = self.submission_problems()
        if problems:
            raise TransitionError(" ".join(problems))
        return self._transition(self.Status.APPROVED, by=by, note=note)

    def return_to_draft(self, *, by, note=""):
        if not note.strip():
            raise TransitionError(gettext("Skriv en kommentar om vad som behöver ändras."))
        return self._transition(self.Status.DRAFT, by=by, note=note)

    def withdraw(self, *, by, note=""):
        return self._transition(self.Status.WITHDRAWN, by=by, note=note)

    def conclude(self, *, by=None, note="", at=None):
        return self._transition(self.Status.CONCLUDED, by=by, note=note, at=at)

    def mark_signed(self, *, by=None, at=None):
        """The last signature is in: the pledge becomes signed."""
        if (
            self.signatories.filter(signed_at__isnull=True).exists()
            or not self.signatories.exists()
        ):
            raise TransitionError(gettext("Alla parter har inte undertecknat löftet."))
        return self._transition(self.Status.SIGNED, by=by, at=at)


class Party(models.TextChoices):
    """The two parties of a pledge."""

    ACTOR = "actor", _("Aktören")
    BOARD = "board", _("Länsstyrelsen")


class Measure(models.Model):
    """A measure of a pledge: the actor's, or one of the board's commitments."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("löfte"), on_delete=models.CASCADE, related_name="measures"
    )
    party = models.CharField(_("part"), max_length=10, choices=Party.choices, default=Party.ACTOR)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    heading = models.CharField(_("rubrik"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    link_text = models.CharField(
        _("egen kopplingstext"),
        max_length=500,
        blank=True,
        help_text=_(
            "Lämna tomt så skrivs kopplingen till åtgärdsprogrammet ut från länkarna. "
            "Fyll bara i när ett undertecknat dokument formulerar den annorlunda."
        ),
    )
    indicator_unit = models.CharField(_("indikatorns enhet"), max_length=50, blank=True)
    indicator_baseline = models.DecimalField(
        _("utgångsvärde"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    indicator_target = models.DecimalField(
        _("målvärde"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    programme_measures = models.ManyToManyField(
        ProgrammeMeasure, through="MeasureLink", related_name="pledge_measures", blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["pledge", "party", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator_target__isnull=True, indicator_baseline__isnull=True)
                | ~Q(indicator_unit=""),
                name="measure_indicator_has_unit",
            ),
        ]

    def __str__(self):
        return self.heading or self.text[:60]

    def save(self, *args, **kwargs):
        _assert_content_editable(self.pledge_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _assert_content_editable(self.pledge_id)
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        if (
            self.indicator_target is not None or self.indicator_baseline is not None
        ) and not self.indicator_unit:
            raise ValidationError(
                {"indicator_unit": gettext("Ange en enhet för indikatorn, till exempel ton CO₂e.")}
            )

    def link_line(self) -> str:
        """The printed "Koppling till åtgärd …" line (uses prefetched links when there are)."""
        return self.link_text or link_line(self.links.all())


class MeasureLink(models.Model):
    """A pledge measure serves a measure of the county's action programme."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="links")
    programme_measure = models.ForeignKey(
        ProgrammeMeasure,
        verbose_name=_("åtgärd i åtgärdsprogrammet"),
        on_delete=models.PROTECT,
        related_name="links",
    )
    is_primary = models.BooleanField(
        _("främst"), default=False, help_text=_("Åtgärden bidrar främst till denna.")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("koppling till åtgärdsprogrammet")
        verbose_name_plural = _("kopplingar till åtgärdsprogrammet")
        ordering = ["measure", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "programme_measure"], name="measurelink_unique"
            )
        ]

    def __str__(self):
        return str(self.programme_measure)

    def save(self, *args, **kwargs):
        _assert_content_editable(Measure.objects.filter(pk=self.measure_id).values("pledge_id")[:1])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _assert_content_editable(Measure.objects.filter(pk=self.measure_id).values("pledge_id")[:1])
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        if (
            self.measure_id
            and self.programme_measure_id
            and self.programme_measure.theme.programme.county_id != self.measure.pledge.county_id
        ):
            raise ValidationError(
                {"programme_measure": gettext("Åtgärden hör till ett annat läns åtgärdsprogram.")}
            )


class Signatory(models.Model):
    """A person who signs a pledge for one of its parties."""

    class Method(models.TextChoices):
        PORTAL = "portal", _("I portalen")
        LINK = "link", _("Via e-postlänk")
        WET_INK = "wet_ink", _("På papper (inskannat)")

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("löfte"), on_delete=models.CASCADE, related_name="signatories"
    )
    party = models.CharField(_("part"), max_length=10, choices=Party.choices)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("titel"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    email = models.EmailField(_("e-postadress"), blank=True)
    method = models.CharField(_("undertecknat"), max_length=10, choices=Method.choices, blank=True)
    signed_at = models.DateTimeField(_("undertecknat den"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerat av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scan = models.FileField(_("inskannad underskrift"), upload_to="signatures/", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("undertecknare")
        verbose_name_plural = _("undertecknare")
        # The actor signs first, the county board second, as on the paper.
        ordering = ["pledge", "party", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method="", signed_at__isnull=True)
                | (~Q(method="") & Q(signed_at__isnull=False)),
                name="signatory_method_iff_signed",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.title}, {self.organisation}"

    SIGNATURE_FIELDS = frozenset({"method", "signed_at", "signed_by", "scan"})

    def save(self, *args, **kwargs):
        # Who signs is part of the text; that they have signed is not.
        update_fields = kwargs.get("update_fields")
        if not (update_fields and set(update_fields) <= self.SIGNATURE_FIELDS):
            _assert_content_editable(self.pledge_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _assert_content_editable(self.pledge_id)
        return super().delete(*args, **kwargs)

    @property
    def has_signed(self) -> bool:
        return self.signed_at is not None

    @transaction.atomic
    def record_signature(self, *, method, by=None, at=None):
        """Record that this person has signed. Refused unless the pledge is approved."""
        if self.pledge.status != Pledge.Status.APPROVED:
            raise TransitionError(gettext("Bara ett godkänt löfte kan undertecknas."))
        if self.has_signed:
            raise TransitionError(gettext("%(name)s har redan undertecknat.") % {"name": self.name})
        self.method = self.Method(method)
        self.signed_at = at or timezone.now()
        self.signed_by = by
        self.save(update_fields=["method", "signed_at", "signed_by"])
        PledgeEvent.objects.create(
            pledge=self.pledge,
            kind=PledgeEvent.Kind.SIGNATURE,
            by=by,
            at=self.signed_at,
            note=str(self),
        )


class PledgeEvent(models.Model):
    """One step in a pledge's life: a status change or a signature."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Statusändring")
        SIGNATURE = "signature", _("Underskrift")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    from_status = models.CharField(
        _("från"), max_length=20, choices=Pledge.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("till"), max_length=20, choices=Pledge.Status.choices, blank=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    note = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        ordering = ["pledge", "at", "pk"]

    def __str__(self):
        if self.kind == self.Kind.SIGNATURE:
            return f"{self.pledge}: {self.get_kind_display()} ({self.note})"
        return f"{self.pledge}: {self.get_from_status_display()} → {self.get_to_status_display()}"


def _verification_code() -> str:
    # Ten characters from an alphabet without look-alikes (0/O, 1/I/L): printed on
    # paper and typed back by people, hard to guess (about 50 bits).
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class SignedVersionQuerySet(models.QuerySet):
    def published(self):
        """The versions anyone may look up by their code: those of published pledges."""
        return self.filter(pledge__status__in=Pledge.PUBLISHED_STATUSES)


class SignedVersion(models.Model):
    """What was signed, frozen when the last signature came in: the content as JSON
    (everything the PDF prints), the PDF itself and its SHA-256, and the short code
    printed on it that leads to the public verification page."""

    pledge = models.OneToOneField(
        Pledge, verbose_name=_("löfte"), on_delete=models.PROTECT, related_name="signed_version"
    )
    content = models.JSONField(_("innehåll"))
    code = models.CharField(
        _("verifieringskod"), max_length=16, unique=True, default=_verification_code
    )
    pdf = models.FileField(_("PDF"), upload_to="signed/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("fryst"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("PDF skapad"), null=True, blank=True)
    # Stored with the file, so the public page can say how big it is without asking
    # the storage (a network round trip on S3) on every view.
    pdf_size = models.PositiveIntegerField(_("PDF:ens storlek (byte)"), null=True, blank=True)

    objects = SignedVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("undertecknad version")
        verbose_name_plural = _("undertecknade versioner")
        constraints = [
            models.CheckConstraint(
                condition=Q(rendered_at__isnull=True, sha256="")
                | Q(rendered_at__isnull=False) & ~Q(sha256=""),
                name="signedversion_rendered_has_hash",
            )
        ]

    def __str__(self):
        return f"{self.pledge} ({self.code})"

    def save(self, *args, **kwargs):
        # Frozen: once the PDF is stored, nothing about the version changes again.
        if self.pk and SignedVersion.objects.filter(pk=self.pk, rendered_at__isnull=False).exists():
            raise ContentLocked(gettext("En undertecknad version ändras aldrig."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pledges:verify", kwargs={"code": self.code})

    @staticmethod
    def normalise_code(typed: str) -> str:
        """A code as it is stored, from the way people type it back from paper:
        any case, with spaces or hyphens (or dashes a word processor made of them)."""
        return re.sub(r"[\s\-\u2010-\u2015]", "", typed).upper()

    def delete(self, *args, **kwargs):
        raise ContentLocked(gettext("En undertecknad version tas aldrig bort."))
