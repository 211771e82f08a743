"""The pledge and what it holds: its status and workflow, its measures and their
links to the programme, the two parties, the errors its rules raise."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor, County, Membership
from actors.pagecache import pledge_changed
from actors.rules import reach

from ..exceptions import ContentLocked, EditConflict, TransitionError
from ..ordering import OrderedQuerySet
from ..text import link_line, short_text
from .programmes import ProgrammeMeasure
from .reference import FIRST_YEAR, LAST_YEAR, years_out_of_range
from .workflow import Workflow


def _all_fields_but(model, excluded) -> list[str]:
    return [
        f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in excluded
    ]


def _assert_content_editable(pledge_id) -> None:
    """Refuse a change to a pledge's content unless its stored status allows one.

    Reads the status from the database: an instance in memory may be stale.
    """
    status = Pledge.objects.filter(pk=pledge_id).values_list("status", flat=True).first()
    if status is not None and status not in Pledge.CONTENT_STATUSES:
        raise _locked(status)


def _locked(status) -> ContentLocked:
    return ContentLocked(
        gettext("Löftet har status ”%(status)s” och dess innehåll kan inte ändras.")
        % {"status": Pledge.Status(status).label}
    )


class PledgeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=Pledge.PUBLISHED_STATUSES)

    def visible_to(self, user):
        """Everything `user` may read: published pledges, and their own county's or actor's."""
        return self.filter(
            Q(status__in=Pledge.PUBLISHED_STATUSES)
            | reach(user, county="county_id", actor="actor_id")
        )

    def workspace_of(self, user):
        """Pledges `user` works on: their counties' (coordinators) and their organisations'."""
        return self.filter(reach(user, county="county_id", actor="actor_id"))

    def editable_by(self, user):
        """Pledges whose content `user` may change now (the same rule as pledges.edit_pledge)."""
        S = Pledge.Status
        return self.filter(
            (Q(status=S.DRAFT) & reach(user, actor="actor_id", role=Membership.Role.EDITOR))
            | (Q(status__in=[S.DRAFT, S.IN_REVIEW]) & reach(user, county="county_id"))
        )

    def search(self, value):
        """Those matching the search `value` (pledges/search.py), best first on
        PostgreSQL."""
        from ..search import search_pledges  # search.py reads Measure from here

        return search_pledges(self, value)

    def for_listing(self):
        # A count per row (a correlated subquery on the measures' pledge index), not a
        # GROUP BY over the join: with the join, PostgreSQL counted the measures of
        # every published pledge before it could take a page of them (the front page's
        # six: 220 ms at national scale, bench/explain.py).
        actor_measures = (
            Measure.objects.filter(pledge=OuterRef("pk"), party=Party.ACTOR)
            .order_by()
            .values("pledge")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.select_related("actor", "county").annotate(
            actor_measure_count=Coalesce(
                Subquery(actor_measures, output_field=models.IntegerField()), 0
            )
        )


@dataclass(frozen=True)
class PledgeAction:
    """A workflow step a person asks for on the pledge page: its button, the rule
    that lets them, and the Pledge method that makes it."""

    label: str
    perm: str
    method: str


# The one table of the steps: the transition form, the page's buttons and
# services.pledge_transition all read it.
PLEDGE_ACTIONS = {
    "submit": PledgeAction(
        _("Skicka för granskning"), "pledges.submit_pledge", "submit_for_review"
    ),
    "approve": PledgeAction(_("Godkänn för undertecknande"), "pledges.approve_pledge", "approve"),
    "return": PledgeAction(
        _("Skicka tillbaka till utkast"), "pledges.return_pledge", "return_to_draft"
    ),
    "conclude": PledgeAction(_("Avsluta löftet"), "pledges.conclude_pledge", "conclude"),
    "withdraw": PledgeAction(_("Återkalla löftet"), "pledges.withdraw_pledge", "withdraw"),
}


class PledgeStatus(models.TextChoices):
    """Pledge.Status (outside the class, so that its constraints can name the values)."""

    DRAFT = "draft", _("Utkast")
    IN_REVIEW = "in_review", _("Under granskning")
    APPROVED = "approved", _("Godkänt för undertecknande")
    SIGNED = "signed", _("Undertecknat")
    CONCLUDED = "concluded", _("Avslutat")
    WITHDRAWN = "withdrawn", _("Återkallat")


class PledgeChange(models.TextChoices):
    """What a pledge with `previous` set is to it (DESIGN.md, "Workflows")."""

    RENEWAL = "renewal", _("Förnyelse")
    AMENDMENT = "amendment", _("Ändring")


class Pledge(Workflow):
    """A miljömålslöfte: an actor's and its county board's signed letter of intent."""

    Status = PledgeStatus
    Change = PledgeChange
    # A renewal is made of a pledge that is over or in its last year; an amendment
    # of one that runs (DESIGN.md: a signed pledge is never edited).
    RENEWABLE_STATUSES = (Status.SIGNED, Status.CONCLUDED)
    AMENDABLE_STATUSES = (Status.SIGNED,)

    PUBLISHED_STATUSES = (Status.SIGNED, Status.CONCLUDED)
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
    # How long a pledge may run: end year minus start year (a pledge is followed up
    # halfway and at the end; a longer one is two pledges).
    MAX_YEARS = 10
    # When the pledge last went to each status.
    TIMESTAMP_FIELDS = {
        Status.IN_REVIEW: "submitted_at",
        Status.APPROVED: "approved_at",
        Status.SIGNED: "signed_at",
        Status.CONCLUDED: "concluded_at",
        Status.WITHDRAWN: "withdrawn_at",
    }
    # What only the workflow writes.
    WORKFLOW_FIELDS = ("status", *TIMESTAMP_FIELDS.values())

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
    # Each part two people may edit at once has its own revision (each measure too,
    # Measure.revision): a save is checked against its own part only. `revision`
    # above counts every save and every move of the workflow, which checks it.
    fields_revision = models.PositiveIntegerField(
        _("version av löftets egna fält"),
        default=1,
        help_text=_("Räknas upp när period, ort eller presentation sparas."),
    )
    signatories_revision = models.PositiveIntegerField(
        _("version av undertecknarna"),
        default=1,
        help_text=_("Räknas upp när undertecknarna sparas."),
    )
    order_revision = models.PositiveIntegerField(
        _("version av åtgärdernas ordning"),
        default=1,
        help_text=_("Räknas upp när en åtgärd flyttas eller tas bort."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("förnyar eller ändrar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
    )
    change = models.CharField(
        _("förnyelse eller ändring"),
        max_length=10,
        choices=PledgeChange.choices,
        blank=True,
        help_text=_("Vad löftet är för det löfte det förnyar eller ändrar."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    PART_REVISIONS = ("fields_revision", "signatories_revision", "order_revision")
    REVISIONS = ("revision", *PART_REVISIONS)

    objects = PledgeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", *PART_REVISIONS])

    class Meta:
        verbose_name = _("miljömålslöfte")
        verbose_name_plural = _("miljömålslöften")
        ordering = ["-start_year", "actor__name"]
        indexes = [
            models.Index(fields=["county", "status"]),
            # The front page's most recently signed published pledges (and the feeds'):
            # read in index order up to the LIMIT instead of sorting every published one.
            models.Index(
                fields=["-signed_at", "-id"],
                condition=Q(status__in=[PledgeStatus.SIGNED, PledgeStatus.CONCLUDED]),
                name="pledge_published_recent",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="pledge_period_order"
            ),
            # Follow-up planning and the printed closing declaration read the years: no
            # script or import may store 1900–3100. (How long a pledge may run is a
            # rule of practice, in clean(), not a fact about the data.)
            models.CheckConstraint(
                condition=Q(start_year__gte=FIRST_YEAR, end_year__lte=LAST_YEAR),
                name="pledge_years_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PledgeStatus.values), name="pledge_status_valid"
            ),
            # A pledge renews or amends another, or neither: never half of it.
            models.CheckConstraint(
                condition=Q(previous__isnull=True, change="")
                | Q(previous__isnull=False, change__in=PledgeChange.values),
                name="pledge_previous_has_change",
            ),
            models.CheckConstraint(
                condition=~Q(status=PledgeStatus.APPROVED) | Q(approved_at__isnull=False),
                name="pledge_approved_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PledgeStatus.SIGNED, PledgeStatus.CONCLUDED])
                | Q(signed_at__isnull=False),
                name="pledge_signed_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(status=PledgeStatus.CONCLUDED) | Q(concluded_at__isnull=False),
                name="pledge_concluded_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(status=PledgeStatus.WITHDRAWN) | Q(withdrawn_at__isnull=False),
                name="pledge_withdrawn_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[PledgeStatus.DRAFT, PledgeStatus.IN_REVIEW, PledgeStatus.APPROVED]
                )
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
            if stored and kwargs.get("update_fields") is None:
                # The revisions are claim_revision's and the workflow's to move: a copy
                # read before them must not write an older one back.
                kwargs["update_fields"] = _all_fields_but(Pledge, self.REVISIONS)
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
        errors = years_out_of_range(start_year=self.start_year, end_year=self.end_year)
        both = not errors and self.start_year and self.end_year
        if both and self.end_year < self.start_year:
            errors["end_year"] = [gettext("Slutåret kan inte vara före startåret.")]
        elif both and self.end_year > self.last_end_year:
            errors["end_year"] = [
                gettext(
                    "Ett löfte gäller högst %(years)s år: med startåret %(start)s är slutåret "
                    "senast %(last)s."
                )
                % {"years": self.MAX_YEARS, "start": self.start_year, "last": self.last_end_year}
            ]
        if self.actor_id and self.county_id and self.actor.county_id != self.county_id:
            errors["actor"] = [gettext("Aktören hör till ett annat län.")]
        if errors:
            raise ValidationError(errors)

    @property
    def last_end_year(self) -> int:
        """The latest end year the start year allows (2020–2030 is ten years)."""
        return self.start_year + self.MAX_YEARS

    def _unique_slug(self) -> str:
        base = slugify(f"{self.actor.name} {self.start_year}")[:200] or "lofte"
        slug, n = base, 2
        while Pledge.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def public_pages_changed(self) -> None:
        """Something this pledge's public page shows has changed (its status, its signed
        version, an accepted follow-up): the page, and those that show the pledge, are
        served anew (actors/pagecache.py). Call it from the method that makes the change."""
        pledge_changed(self)

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

    def claim_revision(self, expected: int | None = None, *, part: str = "revision") -> int:
        """Take the next revision of `part` for a content change, or refuse it.

        `part` is one of PART_REVISIONS (the pledge's own fields, its signatories, the
        order of its measures), or the pledge-wide `revision`; every claim counts the
        pledge-wide one up too. The change is refused (EditConflict) unless `part` is
        still at `expected`, the revision the editor read; with None it is counted up
        whatever it was (adding a measure conflicts with nobody; a measure's own change
        is checked by Measure.claim_revision).

        Call inside a transaction, before writing: the conditional UPDATE both detects
        a save of the part made since the editor read it and locks the pledge's row
        until the transaction ends, so two saves of one pledge cannot interleave.
        """
        return self._claim(
            part,
            expected,
            statuses=self.CONTENT_STATUSES,
            locked=_locked,
            also=["revision"],
            read=self.REVISIONS,
        )

    def count_up_revisions(self) -> None:
        """A change made outside the editor's forms (the admin), which may touch any part:
        every form open on the pledge is stale."""
        Pledge.objects.filter(pk=self.pk).update(**{n: F(n) + 1 for n in self.REVISIONS})
        self.measures.update(revision=F("revision") + 1)

    def check_signed_on(self, day: datetime.date) -> None:
        """A signature is dated between the approval of the text it signs and today."""
        if day > timezone.localdate():
            raise ValidationError(gettext("Datumet kan inte ligga i framtiden."), code="future")
        if self.approved_at and day < timezone.localdate(self.approved_at):
            raise ValidationError(
                gettext(
                    "Datumet kan inte vara före %(day)s: då godkändes texten för undertecknande."
                )
                % {"day": date_format(timezone.localdate(self.approved_at), "j F Y")},
                code="before_approval",
            )

    def confirmed_addresses(self) -> dict[str, dict[str, object]]:
        """The addresses the county has confirmed for each party, each with who confirmed
        it: the actor's signatory members (invited by a coordinator) and the county's
        governor (kept by a coordinator). Nobody else signs, in the portal or by link."""
        members = (
            Membership.objects.filter(
                actor_id=self.actor_id, role=Membership.Role.SIGNATORY, user__is_active=True
            )
            # Nobody confirms themselves.
            .exclude(confirmed_by=F("user"))
            .select_related("user", "confirmed_by")
        )
        county = self.county
        governor = {}
        if county.governor_email:
            governor[county.governor_email.lower()] = county.governor_confirmed_by
        return {
            Party.ACTOR: {m.user.email.lower(): m.confirmed_by for m in members},
            Party.BOARD: governor,
        }

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

    # The workflow: each step is refused unless the status allows it, and writes
    # an event row (Workflow._move).

    @transaction.atomic
    def _transition(self, to, *, by=None, note="", at=None):
        to = self.Status(to)
        at = at or timezone.now()
        changes = {}
        if to in self.TIMESTAMP_FIELDS:
            changes[self.TIMESTAMP_FIELDS[to]] = at
        if to == self.Status.DRAFT:
            changes.update(approved_at=None)
        was = self.status
        event = self._move(
            to,
            by=by,
            note=note,
            at=at,
            changes=changes,
            kind=self.events.model.Kind.STATUS,
            refused=gettext("Ett löfte med status ”%(from)s” kan inte bli ”%(to)s”."),
            moved=gettext("Löftet har just ändrats av någon annan. Ladda om sidan."),
        )
        if {was, to} & set(self.PUBLISHED_STATUSES):
            # Signed, concluded, withdrawn after signing: the public pages show it.
            self.public_pages_changed()
        if to == self.Status.DRAFT and was == self.Status.APPROVED:
            # Signatures were given to the approved text; a draft can change,
            # so each party signs again after the next approval.
            # The scans stay with the signature events, as history.
            self.signatories.update(
                method="",
                signed_at=None,
                signed_by=None,
                scan="",
                identified_as="",
                address_confirmed_by=None,
            )
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
        """The pledge's life is over: its final report is accepted, or a coordinator
        ends it. Either way the history says why."""
        if not note.strip():
            raise TransitionError(gettext("Skriv varför löftet avslutas."))
        return self._transition(self.Status.CONCLUDED, by=by, note=note, at=at)

    @transaction.atomic
    def mark_signed(self, *, by=None, at=None):
        """The last signature is in: the pledge becomes signed. An amendment, signed,
        replaces the pledge it amends (supersede)."""
        if (
            self.signatories.filter(signed_at__isnull=True).exists()
            or not self.signatories.exists()
        ):
            raise TransitionError(gettext("Alla parter har inte undertecknat löftet."))
        event = self._transition(self.Status.SIGNED, by=by, at=at)
        if self.change == self.Change.AMENDMENT and self.previous_id:
            amended = Pledge.objects.get(pk=self.previous_id)
            if amended.status == self.Status.SIGNED:
                amended.supersede(by=by, amendment=self, at=at)
        return event

    def supersede(self, *, by=None, amendment, at=None):
        """A signed amendment replaces this pledge: it is concluded, and its event says
        by which pledge."""
        return self._transition(
            self.Status.CONCLUDED,
            by=by,
            at=at,
            note=gettext("Ersatt av ändringen %(slug)s, som nu är undertecknad.")
            % {"slug": amendment.slug},
        )

    @property
    def is_ending(self) -> bool:
        """In its last year (or past it): time to renew."""
        return self.end_year <= timezone.localdate().year

    def successor_problem(self, change) -> str:
        """Why a coordinator cannot renew (amend) this pledge now, or ""."""
        if change == self.Change.RENEWAL:
            if self.status not in self.RENEWABLE_STATUSES:
                return gettext("Bara ett undertecknat eller avslutat löfte kan förnyas.")
            if self.status == self.Status.SIGNED and not self.is_ending:
                return gettext(
                    "Löftet gäller till %(year)s: det kan förnyas först under sitt sista år. "
                    "Ändra det i stället."
                ) % {"year": self.end_year}
        elif self.status not in self.AMENDABLE_STATUSES:
            return gettext("Bara ett undertecknat löfte som gäller kan ändras.")
        if self.successors.exclude(status=self.Status.WITHDRAWN).exists():
            # One line of succession: the next change is made of the newest pledge.
            return gettext("Löftet är redan förnyat eller ändrat.")
        return ""


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
    origin = models.ForeignKey(
        "self",
        verbose_name=_("kopierad från"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        help_text=_("Åtgärden i det förnyade eller ändrade löftet som den kopierades från."),
    )
    programme_measures = models.ManyToManyField(
        ProgrammeMeasure, through="MeasureLink", related_name="pledge_measures", blank=True
    )
    revision = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Räknas upp när åtgärden sparas, så att två samtidiga ändringar upptäcks."),
    )

    objects = OrderedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["revision"])

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
        return self.heading or short_text(self.text, 60)

    def save(self, *args, **kwargs):
        _assert_content_editable(self.pledge_id)
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The revision is claim_revision's to move: a copy read before a claim
            # must not write an older one back.
            kwargs["update_fields"] = _all_fields_but(Measure, {"revision"})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _assert_content_editable(self.pledge_id)
        return super().delete(*args, **kwargs)

    def claim_revision(self, expected: int, *, count_up: bool = True) -> int:
        """Take the next revision of this measure for a change of it, or refuse it
        (EditConflict; its revision None when the measure is gone).

        Call after the pledge's claim_revision, in its transaction: the pledge's row
        lock keeps two saves from interleaving. A move only reads the measure
        (count_up=False): it is refused after an edit the mover's page did not show,
        but leaves the revision alone, so a form open on the measure is still valid.
        """
        rows = Measure.objects.filter(pk=self.pk, revision=expected)
        claimed = rows.update(revision=F("revision") + 1) if count_up else rows.exists()
        current = Measure.objects.filter(pk=self.pk).values_list("revision", flat=True).first()
        if not claimed:
            raise EditConflict(current)
        self.revision = current
        return current

    def clean(self):
        super().clean()
        if (
            self.indicator_target is not None or self.indicator_baseline is not None
        ) and not self.indicator_unit:
            raise ValidationError(
                {"indicator_unit": gettext("Ange en enhet för indikatorn, till exempel ton CO₂e.")}
            )

    @property
    def title(self) -> str:
        """What names the measure where there is room: its heading, or (the board's
        commitments have none) its whole text."""
        return self.heading or self.text

    def link_line(self) -> str:
        """The printed "Koppling till åtgärd …" line (uses prefetched links when there are)."""
        return self.link_text or link_line(self.links.all())

    def set_links(self, wanted) -> None:
        """Link the measure to exactly `wanted`, (programme measure, is primary) pairs
        in order: new links made, changed ones updated, the rest removed; a link
        that stays keeps its row (and its history)."""
        existing = {link.programme_measure_id: link for link in self.links.all()}
        keep = set()
        for order, (pm, primary) in enumerate(wanted, start=1):
            keep.add(pm.pk)
            link = existing.get(pm.pk)
            if link is None:
                MeasureLink.objects.create(
                    measure=self, programme_measure=pm, is_primary=primary, order=order
                )
            elif (link.is_primary, link.order) != (primary, order):
                link.is_primary, link.order = primary, order
                link.save()
        for pm_id, link in existing.items():
            if pm_id not in keep:
                link.delete()

    def move(self, *, up: bool) -> bool:
        """Swap the measure with the one above (or below) it among its party's, and
        number them 1, 2, … again. False, and nothing changed, at the top (bottom)."""
        siblings = list(
            Measure.objects.filter(pledge_id=self.pledge_id, party=self.party).order_by(
                "order", "pk"
            )
        )
        i = next(n for n, m in enumerate(siblings) if m.pk == self.pk)
        j = i - 1 if up else i + 1
        if not 0 <= j < len(siblings):
            return False
        siblings[i], siblings[j] = siblings[j], siblings[i]
        for order, m in enumerate(siblings, start=1):
            if m.order != order:
                m.order = order
                m.save(update_fields=["order"])
        return True


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
