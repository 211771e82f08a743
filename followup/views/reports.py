"""The actor's side of follow-up: their reports, and the report form.

The same form serves a signed-in person (`report_edit`) and a representative who
came through a one-time link (`links.report_via_link`): `Reporter` says who is
writing and which parts they may change.
"""

from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from actors.access import require
from actors.uploads import upload_limit
from pledges.conflicts import form_after_conflict
from pledges.exceptions import ContentLocked, EditConflict, TransitionError
from pledges.models import Party

from ..access import get_workspace_report
from ..forms import ReportForms
from ..models import MeasureReport, Report, ReportEvent
from ..rules import is_report_coordinator, is_report_editor
from ..services import submit_report
from ..validators import EVIDENCE_MAX_BYTES

# The report form takes an evidence file per measure, each of at most 10 MB: a
# save takes up to five of them at once (more in several saves).
REPORT_UPLOAD_MAX_BYTES = 5 * EVIDENCE_MAX_BYTES

# The order of the list: what needs the actor first.
LIST_ORDER = [
    Report.Status.CHANGES_REQUESTED,
    Report.Status.NOT_STARTED,
    Report.Status.DRAFT,
    Report.Status.SUBMITTED,
    Report.Status.ACCEPTED,
]


REPORTS_PAGE_SIZE = 25


@login_required
def report_list(request):
    """The user's reports, grouped by status, a page at a time (a national
    administrator sees every county's)."""
    reports = Report.objects.workspace_of(request.user)
    counts = dict(reports.order_by().values_list("status").annotate(n=Count("pk")))
    listing = (
        reports.select_related("round", "pledge__actor")
        .annotate(
            group=Case(
                *(When(status=s, then=Value(i)) for i, s in enumerate(LIST_ORDER)),
                output_field=IntegerField(),
            )
        )
        .order_by("group", "round__due", "pledge__actor__name", "pk")
    )
    paginator = Paginator(listing, REPORTS_PAGE_SIZE)
    paginator.count = sum(counts.values())  # counted already, per status
    page = paginator.get_page(request.GET.get("sida"))
    groups = {}
    for report in page.object_list:
        groups.setdefault(report.status, []).append(report)
    return render(
        request,
        "followup/report_list.html",
        {
            "groups": [
                (Report.Status(s).label, s, groups[s], counts.get(s, 0))
                for s in LIST_ORDER
                if s in groups
            ],
            "page": page,
            "workspace_section": "reports",
        },
    )


@dataclass
class Reporter:
    """Who fills in the report, and what they may change."""

    user: object  # a User, or None through a one-time link
    actor_part: bool
    board_part: bool
    may_write: bool  # their role allows writing, whatever the report's status now
    link_email: str = ""
    url: str = ""
    notice: str = ""  # why a part they could otherwise change is read-only

    def restricted(self, report) -> "Reporter":
        """The same reporter, less what the pledge and the round allow now: nothing of a
        withdrawn pledge's report; not the actor's part once the round has closed (the
        county still reports on its own commitments and reviews)."""
        refused = report.pledge_problem()
        if refused:
            self.actor_part = self.board_part = False
            self.notice = refused
        elif report.is_closed and self.actor_part:
            self.actor_part = False
            self.notice = report.closed_message()
        return self

    @property
    def note(self) -> str:
        if self.link_email:
            return _("Via engångslänk till %(email)s") % {"email": self.link_email}
        return ""


def account_reporter(request, report) -> Reporter:
    user = request.user
    return Reporter(
        user=user,
        actor_part=user.has_perm("followup.edit_report", report),
        board_part=user.has_perm("followup.edit_board_part", report),
        may_write=(is_report_coordinator | is_report_editor).test(user, report),
        url=reverse("followup:report_edit", args=[report.pk]),
    ).restricted(report)


def link_reporter(report, email) -> Reporter:
    return Reporter(
        user=None,
        actor_part=report.status in Report.CONTENT_STATUSES,
        board_part=False,
        may_write=True,
        link_email=email,
        url=reverse("followup:report_via_link", args=[report.pk]),
    ).restricted(report)


@upload_limit(REPORT_UPLOAD_MAX_BYTES)
@login_required
def report_edit(request, pk):
    report = get_workspace_report(request, pk)
    return report_page(request, report, account_reporter(request, report))


def report_page(request, report, reporter: Reporter):
    """The report form (or the report read-only), and what a POST of it does."""
    if request.method == "POST" and not reporter.may_write:
        raise PermissionDenied
    measure_reports = list(report.measure_reports.all())
    questions = list(report.round.questions.all())
    if request.method != "POST":
        page = ReportForms(
            report,
            measure_reports,
            questions,
            actor_part=reporter.actor_part,
            board_part=reporter.board_part,
        )
        return _render(request, report, reporter, page)

    if not reporter.actor_part and not reporter.board_part:
        # The report was submitted (or accepted) while this person typed: keep
        # their text on the screen to copy, and say why it was not saved.
        page = ReportForms(
            report,
            measure_reports,
            questions,
            actor_part=True,
            board_part=False,
            data=request.POST,
            files=request.FILES,
        )
        page.is_valid()
        page.main.add_error(None, reporter.notice or _locked_message(report))
        return _render(request, report, reporter, page, status=403, refused=True)

    page = ReportForms(
        report,
        measure_reports,
        questions,
        actor_part=reporter.actor_part,
        board_part=reporter.board_part,
        data=request.POST,
        files=request.FILES,
    )
    if not page.is_valid():
        return _render(request, report, reporter, page)
    try:
        saved_revision = _save(report, page, reporter)
    except EditConflict:
        return _conflict(request, report, reporter, page)
    except ContentLocked as locked:
        page.main.add_error(None, str(locked))
        fresh = Report.objects.for_report_page().get(pk=report.pk)
        return _render(request, fresh, reporter, page, refused=True)

    if request.POST.get("action") != "submit":
        messages.success(request, _("Utkastet är sparat."))
        return redirect(reporter.url)
    report = Report.objects.for_report_page().get(pk=report.pk)
    if report.revision != saved_revision:
        # Someone saved between this save and the submission: what would be sent in
        # is no longer what this person wrote.
        messages.error(
            request,
            _(
                "Utkastet är sparat, men någon annan ändrade rapporten innan den hann skickas "
                "in. Den är inte inskickad: läs igenom den och skicka in igen."
            ),
        )
        return redirect(reporter.url)
    problems = report.submission_problems()
    if problems:
        messages.warning(
            request,
            _("Utkastet är sparat, men rapporten kan inte skickas in förrän det här är klart."),
        )
        return redirect(reporter.url + "#problems")
    if reporter.user is not None:
        require(request, report, "followup.submit_report")
    try:
        submit_report(report=report, by=reporter.user, note=reporter.note)
    except TransitionError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("Tack! Rapporten är inskickad till länsstyrelsen för granskning.")
        )
    return redirect(reporter.url)


def _save(report, page: ReportForms, reporter: Reporter) -> int:
    """Claim the next revision of each part this person changes and write what changed,
    all or nothing. Returns the actor's part's revision as this save left it."""
    replaced = []
    board_part, actor_part = page.board_part, page.actor_part
    if board_part and actor_part and page.board_part_changed() and not page.actor_part_changed():
        # A coordinator who changed only the board's commitments on a draft: the actor's
        # part as this page read it is not written back, and the actor is not disturbed.
        actor_part = False
    with transaction.atomic():
        if board_part:
            # The board's commitments, which it also writes while the report awaits review.
            report.claim_board_revision(page.board_revision)
        if actor_part:
            # Without an account (a link), the event's note says which link it was.
            report.save_draft(by=reporter.user, expected_revision=page.revision, note=reporter.note)
        for mr, form in page.measures:
            if form is None or not form.has_changed():
                continue
            if mr.measure.party != Party.BOARD and not actor_part:
                continue
            if reporter.note:
                form.instance._change_reason = reporter.note
            stored_file = ""
            if "evidence_file" in form.changed_data:
                stored_file = (
                    MeasureReport.objects.filter(pk=mr.pk)
                    .values_list("evidence_file", flat=True)
                    .first()
                )
            form.save()
            if stored_file and stored_file != form.instance.evidence_file.name:
                replaced.append((form.instance.evidence_file.storage, stored_file))
        if actor_part:
            report.comment = page.main.cleaned_data["comment"]
            for question, _answer, form in page.questions:
                report.set_answer(question, **form.answer())
            if reporter.note:
                report._change_reason = reporter.note
            report.save()
        for storage, name in replaced:
            # A replaced or cleared file is gone once the new content is committed;
            # kept if the save is undone.
            transaction.on_commit(partial(storage.delete, name))
    return report.revision


def _conflict(request, report, reporter, page):
    """Someone saved the report while this person typed: nothing of theirs is written;
    their text stays on the screen beside what is saved now."""
    saved = Report.objects.for_report_page().get(pk=report.pk)
    saved_measures = {mr.pk: mr for mr in saved.measure_reports.all()}
    questions = list(saved.round.questions.all())
    theirs = page.differences(saved, saved_measures)
    message = _(
        "Någon annan har sparat rapporten medan du skrev. Det du skrev är inte sparat, "
        "men det står kvar nedan: jämför med det som nu är sparat och spara igen."
    )
    if request.FILES:
        message += " " + _("Filer du bifogade behöver väljas igen.")
    # What was typed (the files cannot come back), at the revisions now saved.
    again = form_after_conflict(
        ReportForms,
        request.POST,
        {"revision": saved.revision, "board_revision": saved.board_revision},
        message=message,
        report=saved,
        measure_reports=list(saved_measures.values()),
        questions=questions,
        actor_part=page.actor_part,
        board_part=page.board_part,
    )
    return _render(request, saved, reporter, again, theirs=theirs)


def _locked_message(report) -> str:
    if report.status in Report.CONTENT_STATUSES:
        return _("Du kan läsa rapporten men inte ändra den.")
    return _(
        "Rapporten har status ”%(status)s” och kan inte ändras. Det du skrev är inte sparat."
    ) % {"status": report.get_status_display()}


def _render(request, report, reporter, page, *, theirs=(), status=200, refused=False):
    problems = []
    if report.status in Report.CONTENT_STATUSES and reporter.actor_part:
        problems = report.submission_problems()
    return render(
        request,
        "followup/report_edit.html",
        {
            "report": report,
            "page": page,
            "reporter": reporter,
            "form": page.main,
            "theirs": theirs,
            "problems": problems,
            "refused": refused,
            "can_save": page.editable and not refused,
            "can_submit": reporter.actor_part and not refused,
            "events": ReportEvent.objects.filter(report=report)
            .select_related("by")
            .order_by("-at", "-pk")[:10],
            "workspace_section": "reports" if reporter.user else None,
            "via_link": reporter.user is None,
        },
        status=status,
    )
