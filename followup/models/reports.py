"""A pledge's report in a follow-up round: its status and workflow, the status of
every measure (with its evidence), and the event row of each step.

DESIGN.md, "followup/" and "Workflows": every signed pledge is owed a halfway
and a final report; a report is filled in, submitted, and accepted or sent
back by the county's coordinator. Accepted reports are public.
"""

import posixpath
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actors.models import Membership
from actors.rules import reach
from pledges.exceptions import ContentLocked, TransitionError
from pledges.models import Measure, Party, Pledge
from pledges.models.workflow import Workflow, WorkflowEvent

from ..validators import EVIDENCE_EXTENSIONS, validate_evidence_content, validate_evidence_size
from .rounds import Round


def evidence_upload_to(instance, filename) -> str:
    """evidence/<report>/<random>/<name>: the name the reporter gave the file, in a
    folder nobody can guess, so that one file's address says nothing of another's."""
    return f"evidence/{instance.report_id}/{secrets.token_hex(16)}/{filename}"


def _stored_report_status(report_id):
    return Report.objects.filter(pk=report_id).values_list("status", flat=True).first()


def _locked(status) -> ContentLocked:
    if status is None:
        return ContentLocked(gettext("Rapporten finns inte längre."))
    return ContentLocked(
        gettext("Rapporten har status ”%(status)s” och kan inte ändras.")
        % {"status": Report.Status(status).label}
    )


class ReportQuerySet(models.QuerySet):
    def for_report_page(self):
        """What the report page and submission_problems() read, in four queries whatever
        the size."""
        reports = self.select_related("round__county", "pledge__actor", "pledge__county")
        return reports.prefetch_related(
            Prefetch(
                "measure_reports",
                queryset=MeasureReport.objects.select_related("measure").order_by(
                    "measure__party", "measure__order", "measure__pk"
                ),
            ),
            "pledge__measures",
            "round__questions",
        )

    def published(self):
        """Accepted reports of published pledges: what the public sees."""
        return self.filter(
            status=Report.Status.ACCEPTED, pledge__status__in=Pledge.PUBLISHED_STATUSES
        )

    def visible_to(self, user):
        """Everything `user` may read: published reports, and their counties' or actors'."""
        return self.filter(
            Q(status=Report.Status.ACCEPTED, pledge__status__in=Pledge.PUBLISHED_STATUSES)
            | reach(user, county="round__county_id", actor="pledge__actor_id")
        )

    def workspace_of(self, user):
        """Reports `user` works on: their counties' (coordinators) and their organisations'."""
        return self.filter(reach(user, county="round__county_id", actor="pledge__actor_id"))

    def editable_by(self, user):
        """Reports whose content `user` may change now (the same rule as followup.edit_report)."""
        return self.filter(
            Q(status__in=Report.CONTENT_STATUSES)
            & reach(
                user,
                county="round__county_id",
                actor="pledge__actor_id",
                role=Membership.Role.EDITOR,
            )
        )

    @transaction.atomic
    def create_for(self, round, pledge):
        """A new report for `pledge` in `round`, one measure report per measure, pre-filled
        from the same pledge's latest earlier accepted report, or else its latest earlier
        report with anything in it."""
        if pledge.status not in Pledge.PUBLISHED_STATUSES:
            raise TransitionError(
                gettext("Bara ett undertecknat löfte kan följas upp (”%(pledge)s” är %(status)s).")
                % {"pledge": pledge, "status": pledge.get_status_display().lower()}
            )
        if pledge.county_id != round.county_id:
            raise TransitionError(
                gettext("Löftet ”%(pledge)s” hör till ett annat län än omgången.")
                % {"pledge": pledge}
            )
        earlier_reports = (
            Report.objects.filter(pledge=pledge, round__due__lte=round.due)
            .exclude(round=round)
            .order_by("-round__due", "-round__pk")
        )
        # What the county accepted is the best starting point; failing that, the
        # latest report anyone wrote something in (never an untouched, empty one).
        previous = earlier_reports.filter(status=Report.Status.ACCEPTED).first()
        if previous is None:
            written = MeasureReport.objects.filter(report=OuterRef("pk")).filter(
                ~Q(status="") | ~Q(comment="") | ~Q(evidence_url="")
            )
            previous = earlier_reports.filter(Exists(written)).first()
        earlier = {}
        if previous is not None:
            earlier = {mr.measure_id: mr for mr in previous.measure_reports.all()}
        report = self.create(round=round, pledge=pledge)
        bulk_create_with_history(
            [
                MeasureReport.prefilled(report, measure, earlier.get(measure.pk))
                for measure in pledge.measures.all()
            ],
            MeasureReport,
        )
        return report


class ReportStatus(models.TextChoices):
    """Report.Status (outside the class, so that its constraints can name the values)."""

    NOT_STARTED = "not_started", _("Ej påbörjad")
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inskickad")
    CHANGES_REQUESTED = "changes_requested", _("Åter för komplettering")
    ACCEPTED = "accepted", _("Godkänd")


class Report(Workflow):
    """One pledge's report in one round."""

    Status = ReportStatus

    # The actor's content is editable until the report is submitted, and again
    # when it comes back for changes.
    CONTENT_STATUSES = (Status.NOT_STARTED, Status.DRAFT, Status.CHANGES_REQUESTED)
    # The board reports on its own commitments, also while the report awaits review.
    BOARD_CONTENT_STATUSES = (*CONTENT_STATUSES, Status.SUBMITTED)
    TRANSITIONS = {
        Status.NOT_STARTED: {Status.DRAFT},
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.ACCEPTED, Status.CHANGES_REQUESTED},
        Status.CHANGES_REQUESTED: {Status.SUBMITTED},
        Status.ACCEPTED: set(),
    }
    CONTENT_FIELDS = ("comment", "answers")
    WORKFLOW_FIELDS = (
        "status",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
        "review_comment",
    )

    round = models.ForeignKey(
        Round, verbose_name=_("omgång"), on_delete=models.PROTECT, related_name="reports"
    )
    pledge = models.ForeignKey(
        Pledge, verbose_name=_("löfte"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    comment = models.TextField(_("övergripande kommentar"), blank=True)
    # {"<question id>": {"yes": true | false | null, "text": "..."}}
    answers = models.JSONField(_("svar på frågorna"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inskickad av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granskad av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_comment = models.TextField(_("länsstyrelsens kommentar"), blank=True)
    revision = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Räknas upp vid varje sparning, så att två samtidiga ändringar upptäcks."),
    )
    # The board's commitments have their own counter: the coordinator saving them
    # must not make the actor's open form look stale, nor the other way round.
    board_revision = models.PositiveIntegerField(
        _("version av länsstyrelsens del"),
        default=1,
        help_text=_("Räknas upp när länsstyrelsens del sparas."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("uppföljningsrapport")
        verbose_name_plural = _("uppföljningsrapporter")
        ordering = ["round", "pledge__actor__name"]
        indexes = [models.Index(fields=["round", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["round", "pledge"], name="report_unique_per_round"),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
            # Submitted once ⇔ a submission time; a report never goes back to draft.
            # Written as two implications, so that an unknown status breaks only
            # report_status_valid.
            models.CheckConstraint(
                condition=(
                    ~Q(
                        status__in=[
                            ReportStatus.SUBMITTED,
                            ReportStatus.CHANGES_REQUESTED,
                            ReportStatus.ACCEPTED,
                        ]
                    )
                    | Q(submitted_at__isnull=False)
                )
                & (
                    ~Q(status__in=[ReportStatus.NOT_STARTED, ReportStatus.DRAFT])
                    | Q(submitted_at__isnull=True)
                ),
                name="report_submitted_iff_timestamp",
            ),
            # Reviewed ⇔ a review time; a resubmitted report awaits a new review.
            models.CheckConstraint(
                condition=(
                    ~Q(status__in=[ReportStatus.CHANGES_REQUESTED, ReportStatus.ACCEPTED])
                    | Q(reviewed_at__isnull=False)
                )
                & (
                    ~Q(
                        status__in=[
                            ReportStatus.NOT_STARTED,
                            ReportStatus.DRAFT,
                            ReportStatus.SUBMITTED,
                        ]
                    )
                    | Q(reviewed_at__isnull=True)
                ),
                name="report_reviewed_iff_timestamp",
            ),
        ]

    def __str__(self):
        return f"{self.pledge} – {self.round.title}"

    def save(self, *args, **kwargs):
        if self.pk:
            stored = Report.objects.filter(pk=self.pk).values(*self._workflow_columns()).first()
            if stored:
                if stored["status"] not in self.CONTENT_STATUSES:
                    raise _locked(stored["status"])
                if any(stored[c] != getattr(self, c) for c in self._workflow_columns()):
                    # Only the transition methods move a report: they check the
                    # move and write its event.
                    raise TransitionError(gettext("Status ändras bara genom arbetsflödet."))
                # The revisions are the workflow's and the claim methods' to move:
                # a copy read before them must not write an older one back.
                kwargs["update_fields"] = kwargs.get("update_fields") or self.CONTENT_FIELDS
                kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"} - {
                    "revision",
                    "board_revision",
                }
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if _stored_report_status(self.pk) not in (self.Status.NOT_STARTED, None):
            raise ContentLocked(gettext("Bara en rapport som inte är påbörjad kan tas bort."))
        return super().delete(*args, **kwargs)

    @classmethod
    def _workflow_columns(cls):
        return [cls._meta.get_field(f).attname for f in cls.WORKFLOW_FIELDS]

    def clean(self):
        super().clean()
        if not isinstance(self.answers, dict) or not all(
            isinstance(a, dict)
            and set(a) <= {"yes", "text"}
            and a.get("yes") in (True, False, None)
            and isinstance(a.get("text", ""), str)
            for a in self.answers.values()
        ):
            raise ValidationError({"answers": gettext("Svaren har fel form.")})

    @property
    def content_editable(self) -> bool:
        return self.status in self.CONTENT_STATUSES

    def answer_to(self, question) -> dict:
        return {"yes": None, "text": "", **self.answers.get(str(question.pk), {})}

    def set_answer(self, question, *, yes, text="") -> None:
        """Put an answer in `answers` (saved with the report)."""
        self.answers = {**self.answers, str(question.pk): {"yes": yes, "text": text}}

    def claim_revision(self, expected_revision: int, *, statuses=None) -> int:
        """Take the next revision for a content change, or refuse it (Workflow._claim).
        Call inside a transaction, before writing."""
        return self._claim(
            "revision",
            expected_revision,
            statuses=statuses or self.CONTENT_STATUSES,
            locked=_locked,
        )

    def claim_board_revision(self, expected_board_revision: int) -> int:
        """Take the next revision of the board's part (its own commitments), which the
        board also writes while the report awaits review. The actor's revision is left
        alone: the coordinator saving the board's part is no conflict for the actor."""
        return self._claim(
            "board_revision",
            expected_board_revision,
            statuses=self.BOARD_CONTENT_STATUSES,
            locked=_locked,
        )

    @transaction.atomic
    def save_draft(self, *, by, expected_revision: int, note: str = "") -> int:
        """Claim a revision for the actor's edits; a report not yet started becomes a draft.

        Call before writing the report's or its measures' content, in the same
        transaction. `note` goes into the event (who wrote without an account)."""
        self.claim_revision(expected_revision)
        if self.status == self.Status.NOT_STARTED:
            self._transition(self.Status.DRAFT, by=by, note=note)
        return self.revision

    def _measure_problems(self, party) -> list[str]:
        problems = []
        reported = {}
        for mr in self.measure_reports.all():
            reported[mr.measure_id] = mr
        for measure in self.pledge.measures.all():
            if measure.party != party:
                continue
            name = str(measure)
            mr = reported.get(measure.pk)
            if mr is None or not mr.status:
                problems.append(gettext("Ange status för åtgärden ”%(m)s”.") % {"m": name})
            elif mr.status == MeasureReport.Status.NOT_RELEVANT and not mr.comment.strip():
                problems.append(
                    gettext("Förklara varför åtgärden ”%(m)s” inte är aktuell.") % {"m": name}
                )
        return problems

    def submission_problems(self) -> list[str]:
        """What the actor must fill in before submitting, in Swedish."""
        problems = self._measure_problems(Party.ACTOR)
        for question in self.round.questions.all():
            if self.answer_to(question)["yes"] is None:
                problems.append(
                    gettext("Svara ja eller nej på frågan ”%(q)s”.") % {"q": str(question)}
                )
        return problems

    def acceptance_problems(self) -> list[str]:
        """What must be in place before the coordinator accepts: the board's own commitments
        are reported on by the board, after the actor has submitted."""
        return self._measure_problems(Party.BOARD)

    # The workflow: each step is refused unless the status allows it, and writes
    # an event (Workflow._move).

    def _transition(self, to, *, by=None, note="", changes=None):
        was = self.status
        event = self._move(
            to,
            by=by,
            note=note,
            changes=changes,
            refused=gettext("En rapport med status ”%(from)s” kan inte bli ”%(to)s”."),
            moved=gettext("Rapporten har just ändrats av någon annan. Ladda om sidan."),
        )
        if self.Status.ACCEPTED in (was, to):
            # Accepted reports are public on the pledge's page (and in its county's
            # figures and the list's status filter).
            self.pledge.public_pages_changed()
        return event

    def pledge_problem(self, *, fresh=False) -> str:
        """Why the pledge can no longer be followed up (it was withdrawn), or "".
        `fresh`: as stored now, not as read with the report."""
        status = self.pledge.status
        if fresh:
            status = (
                Pledge.objects.filter(pk=self.pledge_id).values_list("status", flat=True).first()
            )
        if status in Pledge.PUBLISHED_STATUSES:
            return ""
        label = Pledge.Status(status).label.lower() if status else gettext("borttaget")
        return gettext(
            "Löftet är %(status)s och följs inte längre upp: rapporten kan inte skickas in "
            "eller godkännas."
        ) % {"status": label}

    @property
    def is_closed(self) -> bool:
        """The round's last day for late reports has passed."""
        return self.round.is_closed()

    def closed_message(self) -> str:
        return gettext(
            "Omgången är stängd sedan %(date)s: rapporten kan inte längre ändras eller "
            "skickas in. Kontakta länsstyrelsen om något behöver rättas."
        ) % {"date": date_format(self.round.closes, "j F Y")}

    def submit(self, *, by, note=""):
        refused = self.pledge_problem(fresh=True)
        if refused:
            raise TransitionError(refused)
        if self.is_closed:
            raise TransitionError(self.closed_message())
        problems = self.submission_problems()
        if problems:
            raise TransitionError(" ".join(problems))
        return self._transition(
            self.Status.SUBMITTED,
            by=by,
            note=note,
            changes={
                "submitted_at": timezone.now(),
                "submitted_by": by,
                "reviewed_at": None,
                "reviewed_by": None,
            },
        )

    @transaction.atomic
    def accept(self, *, by, note="", confirmed=()):
        """Accept the report; the measure reports in `confirmed` (ids) become confirmed
        by the county board."""
        refused = self.pledge_problem(fresh=True)
        if refused:
            raise TransitionError(refused)
        if self.status == self.Status.SUBMITTED:
            problems = self.acceptance_problems()
            if problems:
                raise TransitionError(" ".join(problems))
        event = self._transition(
            self.Status.ACCEPTED,
            by=by,
            note=note,
            changes={"reviewed_at": timezone.now(), "reviewed_by": by, "review_comment": note},
        )
        to_confirm = list(self.measure_reports.filter(pk__in=list(confirmed)))
        for mr in to_confirm:
            mr.verification = MeasureReport.Verification.CONFIRMED
        # Past save(): the report is accepted, and its content locked, already.
        bulk_update_with_history(to_confirm, MeasureReport, ["verification"], default_user=by)
        return event

    @transaction.atomic
    def request_changes(self, *, by, note, measure_comments=None):
        """Send the report back. `measure_comments` maps measure report ids to the
        comment shown beside that measure; the others' earlier comments are cleared."""
        if not (note or "").strip():
            raise TransitionError(gettext("Skriv en kommentar om vad som behöver kompletteras."))
        event = self._transition(
            self.Status.CHANGES_REQUESTED,
            by=by,
            note=note,
            changes={"reviewed_at": timezone.now(), "reviewed_by": by, "review_comment": note},
        )
        comments = measure_comments or {}
        changed = []
        for mr in self.measure_reports.all():
            text = comments.get(mr.pk, "")
            if mr.review_comment != text:
                mr.review_comment = text
                changed.append(mr)
        bulk_update_with_history(changed, MeasureReport, ["review_comment"], default_user=by)
        return event


class EvidenceFieldFile(FieldFile):
    """An evidence file links to the portal's download view, which checks who asks,
    never to MEDIA_URL: a draft's attachments are not public."""

    @property
    def url(self):
        self._require_file()
        return reverse("followup:evidence", args=[self.instance.report_id, self.instance.pk])


class EvidenceFileField(models.FileField):
    attr_class = EvidenceFieldFile


class MeasureReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(report__in=Report.objects.published())

    def visible_to(self, user):
        return self.filter(report__in=Report.objects.visible_to(user))


class MeasureStatus(models.TextChoices):
    """MeasureReport.Status: the scale the county boards use for action-programme
    follow-up (outside the class, so that its constraints can name the values)."""

    DONE = "done", _("Genomförd")
    HALF = "half", _("Minst hälften genomförd")
    STARTED = "started", _("Påbörjad")
    NOT_STARTED = "not_started", _("Ej påbörjad")
    NOT_RELEVANT = "not_relevant", _("Ej aktuell")


class Verification(models.TextChoices):
    """MeasureReport.Verification: how far the county can rely on what is reported."""

    SELF = "self", _("Egen uppgift")
    EVIDENCE = "evidence", _("Underlag bifogat")
    CONFIRMED = "confirmed", _("Bekräftat av länsstyrelsen")


class MeasureReport(models.Model):
    """How far one measure of the pledge has come, as reported in one report."""

    Status = MeasureStatus
    Verification = Verification

    # Written by the coordinator while reviewing, when the content is locked.
    REVIEW_FIELDS = frozenset({"review_comment", "verification"})

    report = models.ForeignKey(
        Report, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="measure_reports"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("åtgärd"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    comment = models.TextField(
        _("kommentar"), blank=True, help_text=_("Krävs om åtgärden inte längre är aktuell.")
    )
    evidence_file = EvidenceFileField(
        _("underlag (fil)"),
        upload_to=evidence_upload_to,
        max_length=255,
        blank=True,
        validators=[
            FileExtensionValidator(allowed_extensions=EVIDENCE_EXTENSIONS),
            validate_evidence_size,
            validate_evidence_content,
        ],
    )
    evidence_url = models.URLField(_("underlag (länk)"), max_length=500, blank=True)
    indicator_value = models.DecimalField(
        _("indikatorns värde"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    verification = models.CharField(
        _("verifiering"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.SELF,
    )
    review_comment = models.TextField(_("länsstyrelsens kommentar"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("rapport om åtgärd")
        verbose_name_plural = _("rapporter om åtgärder")
        ordering = ["report", "measure__party", "measure__order", "measure__pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "measure"], name="measurereport_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["", *MeasureStatus.values]),
                name="measurereport_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(verification__in=Verification.values),
                name="measurereport_verification_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=MeasureStatus.NOT_RELEVANT) | ~Q(comment=""),
                name="measurereport_not_relevant_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(verification=Verification.EVIDENCE)
                | ~Q(evidence_file="")
                | ~Q(evidence_url=""),
                name="measurereport_evidence_is_attached",
            ),
        ]

    def __str__(self):
        return f"{self.measure}: {self.get_status_display() or '–'}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        review_only = bool(update_fields) and set(update_fields) <= self.REVIEW_FIELDS
        status = _stored_report_status(self.report_id)
        if review_only:
            if status != Report.Status.SUBMITTED:
                raise _locked(status)
        else:
            if status not in self.editable_statuses():
                raise _locked(status)
            # What the reporter writes decides the level; the county's confirmation
            # is given when it accepts, for the content it accepted.
            self.verification = (
                self.Verification.EVIDENCE if self.has_evidence else self.Verification.SELF
            )
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "verification"}
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        status = _stored_report_status(self.report_id)
        if status not in self.editable_statuses():
            raise _locked(status)
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.NOT_RELEVANT and not self.comment.strip():
            errors["comment"] = [gettext("Förklara varför åtgärden inte längre är aktuell.")]
        if self.indicator_value is not None and self.measure_id and not self.measure.indicator_unit:
            errors["indicator_value"] = [gettext("Åtgärden har ingen indikator.")]
        if errors:
            raise ValidationError(errors)

    @classmethod
    def prefilled(cls, report, measure, earlier=None):
        """A measure report for a new report, carrying on from `earlier` (the same
        measure in the previous round). The evidence file stays with the report it
        documented; a link is carried on, and the county's confirmation is not."""
        if earlier is None:
            return cls(report=report, measure=measure)
        return cls(
            report=report,
            measure=measure,
            status=earlier.status,
            comment=earlier.comment,
            indicator_value=earlier.indicator_value,
            evidence_url=earlier.evidence_url,
            verification=(
                cls.Verification.EVIDENCE if earlier.evidence_url else cls.Verification.SELF
            ),
        )

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file or self.evidence_url)

    @property
    def evidence_filename(self) -> str:
        """The file's own name, without the folders it is stored in."""
        return posixpath.basename(self.evidence_file.name or "")

    def editable_statuses(self):
        if self.measure.party == Party.BOARD:
            return Report.BOARD_CONTENT_STATUSES
        return Report.CONTENT_STATUSES


class ReportEvent(WorkflowEvent):
    """One step in a report's life: who moved it from which status to which, and why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("från"), max_length=20, choices=Report.Status.choices, blank=True
    )
    to_status = models.CharField(_("till"), max_length=20, choices=Report.Status.choices)

    class Meta:
        verbose_name = _("händelse i rapport")
        verbose_name_plural = _("händelser i rapporter")
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.report}: {self.status_change()}"
