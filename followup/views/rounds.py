"""The coordinator's side of follow-up: rounds, the pledges they ask, review and export.

Only coordinators (and national administrators) come here; anyone else signed
in is refused (403). A round or report of a county the coordinator does not
coordinate is a 404, as if it did not exist.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from actors.decorators import coordinator_required
from actors.models import County
from pledges.conflicts import form_after_conflict
from pledges.exceptions import ContentLocked, EditConflict, TransitionError
from pledges.models import Party, Pledge

from .. import exports, lateness, planning
from ..access import get_review_report, get_round
from ..forms import BoardPartForm, KindYearForm, PledgeChoiceForm, ReviewForm, RoundForm
from ..models import Question, Report, Round
from ..services import accept_report, add_to_round, open_round, request_report_changes

SECTION = {"workspace_section": "followup"}


def round_url(round, anchor=""):
    url = reverse("followup:round_detail", args=[round.pk])
    return f"{url}#{anchor}" if anchor else url


# Rounds


@coordinator_required
def round_list(request):
    counts = {
        f"n_{value}": Count("reports", filter=Q(reports__status=value))
        for value in Report.Status.values
    }
    rounds = list(
        Round.objects.managed_by(request.user)
        .select_related("county")
        .annotate(
            n_reports=Count("reports"),
            n_owed=Count(
                "reports",
                filter=lateness.owed_q("reports__"),
            ),
            **counts,
        )
        .order_by("-due", "county__name", "title")
    )
    today = timezone.localdate()
    for round in rounds:
        round.status_counts = [
            (label, getattr(round, f"n_{value}")) for value, label in Report.Status.choices
        ]
        round.n_late = round.n_owed if round.is_opened and round.is_past_due(today) else 0
        # Done when every report is accepted: nothing is left to do in it.
        round.is_done = round.is_opened and round.n_reports == round.n_accepted
    return render(
        request,
        "followup/round_list.html",
        {
            **SECTION,
            "rounds": rounds,
            "statuses": Report.Status.choices,
            "several_counties": len({r.county_id for r in rounds}) > 1,
        },
    )


def _save_questions(round, texts):
    # Only before the round opens: no report has answered a question yet.
    round.questions.all().delete()
    Question.objects.bulk_create(
        [Question(round=round, order=order, text=text) for order, text in enumerate(texts, 1)]
    )


@coordinator_required
def round_create(request):
    counties = list(County.objects.coordinated_by(request.user).order_by("name"))
    chooser = KindYearForm(request.GET or None)
    form = None
    if request.method == "POST" or chooser.is_valid():
        initial = {}
        if chooser.is_valid():
            kind, year = chooser.cleaned_data["typ"], chooser.cleaned_data["ar"]
            suggestion = planning.suggest_round(kind, year)
            initial = {
                "kind": kind,
                "title": suggestion.title,
                "opens": suggestion.opens,
                "due": suggestion.due,
            }
        counties_qs = County.objects.filter(pk__in=[c.pk for c in counties]).order_by("name")
        form = RoundForm(
            request.POST or None,
            instance=Round(created_by=request.user),
            initial=initial,
            counties=counties_qs,
        )
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                round = form.save()
                _save_questions(round, form.questions())
            messages.success(
                request,
                _("Omgången ”%(title)s” är skapad. Välj löftena och öppna den.")
                % {"title": round.title},
            )
            return redirect(round_url(round))
    return render(
        request,
        "followup/round_form.html",
        {**SECTION, "chooser": chooser, "form": form},
    )


@coordinator_required
def round_edit(request, pk):
    round = get_round(request, pk)
    if round.is_opened:
        messages.info(request, _("Omgången är öppnad: datum och frågor kan inte ändras längre."))
        return redirect(round_url(round))
    form = RoundForm(request.POST or None, instance=round, counties=County.objects.none())
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Locked, so that the round cannot open between the check and the save.
            if Round.objects.select_for_update().get(pk=round.pk).opened_at is not None:
                messages.error(
                    request, _("Omgången öppnades nyss: datum och frågor kan inte ändras längre.")
                )
                return redirect(round_url(round))
            form.save()
            _save_questions(round, form.questions())
        messages.success(request, _("Omgången är sparad."))
        return redirect(round_url(round))
    return render(request, "followup/round_form.html", {**SECTION, "form": form, "round": round})


def _other_pledges(round, exclude):
    """Signed pledges of the round's county that are neither proposed nor in the round."""
    return (
        Pledge.objects.filter(county_id=round.county_id, status__in=Pledge.PUBLISHED_STATUSES)
        .exclude(pk__in=round.reports.values("pledge_id"))
        .exclude(pk__in=exclude)
        .select_related("actor")
        .order_by("actor__name", "start_year", "pk")
    )


@coordinator_required
def round_detail(request, pk):
    round = get_round(request, pk)
    proposals = planning.proposals_for_round(round)
    others = list(_other_pledges(round, [p.pledge.pk for p in proposals]))
    reports = []
    if round.is_opened:
        today = timezone.localdate()
        reports = list(
            round.reports.select_related("pledge__actor").order_by(
                "pledge__actor__name", "pledge__start_year", "pk"
            )
        )
        for report in reports:
            report.is_late = lateness.is_late(report, today)
    return render(
        request,
        "followup/round_detail.html",
        {
            **SECTION,
            "round": round,
            "questions": list(round.questions.all()),
            "proposals": proposals,
            "others": others,
            "reports": reports,
            "n_late": sum(r.is_late for r in reports),
            "kind_has_rule": round.kind in (Round.Kind.HALFWAY, Round.Kind.FINAL),
        },
    )


def _chosen_pledges(request, round):
    form = PledgeChoiceForm(request.POST, round=round)
    if not form.is_valid():
        for error in form.errors.get("pledges", []):
            messages.error(request, error)
        return None
    return list(form.cleaned_data["pledges"])


def _put_in_round(request, pk, *, service, form_page):
    """Open the round with, or add to it, the pledges the form chose. Gives the round,
    the reports the service made and, when it made none, the page to go back to."""
    round = get_round(request, pk)
    pledges = _chosen_pledges(request, round)
    if pledges is None:
        return round, [], redirect(round_url(round, form_page))
    try:
        return round, service(round=round, pledges=pledges), None
    except TransitionError as error:
        messages.error(request, str(error))
        return round, [], redirect(round_url(round))


@coordinator_required
@require_POST
def round_open(request, pk):
    round, reports, refused = _put_in_round(request, pk, service=open_round, form_page="oppna")
    if refused:
        return refused
    messages.success(
        request,
        ngettext(
            "Omgången är öppnad: %(n)s löfte följs upp.",
            "Omgången är öppnad: %(n)s löften följs upp.",
            len(reports),
        )
        % {"n": len(reports)},
    )
    if round.opens > timezone.localdate():
        # services.open_round holds the invitations back; followup_reminders sends them.
        messages.info(
            request,
            _("Inbjudningarna skickas den %(day)s, när omgången börjar.")
            % {"day": date_format(round.opens, "j F Y")},
        )
    return redirect(round_url(round, "rapporter"))


@coordinator_required
@require_POST
def round_add(request, pk):
    round, reports, refused = _put_in_round(
        request, pk, service=add_to_round, form_page="lagg-till"
    )
    if refused:
        return refused
    messages.success(
        request,
        ngettext(
            "%(n)s löfte har lagts till i omgången.",
            "%(n)s löften har lagts till i omgången.",
            len(reports),
        )
        % {"n": len(reports)},
    )
    return redirect(round_url(round, "rapporter"))


@coordinator_required
def round_export(request, pk, fmt):
    round = get_round(request, pk)
    if fmt == "csv":
        return exports.csv_response(round)
    if fmt == "xlsx":
        return exports.xlsx_response(round)
    raise Http404


# Review


def _board_conflict_message() -> str:
    return _(
        "Någon annan har sparat rapporten medan du skrev. Länsstyrelsens del är inte sparad, "
        "men det du skrev står kvar nedan: jämför med det som nu är sparat och spara igen."
    )


def _save_board_part(request, report, form):
    """Save the board's commitments; returns a redirect, or None with errors on `form`."""
    board_mrs = form.measure_reports
    try:
        with transaction.atomic():
            # The board's part has its own revision: an actor typing their part
            # meanwhile is no conflict.
            report.claim_board_revision(form.cleaned_data["revision"])
            for mr in board_mrs:
                status, comment = form.values(mr)
                if (mr.status, mr.comment) != (status, comment):
                    mr.status, mr.comment = status, comment
                    mr.save(update_fields=["status", "comment"])
    except EditConflict:
        return "conflict"
    except ContentLocked as locked:
        form.add_error(None, str(locked))
        return None
    messages.success(request, _("Länsstyrelsens del av rapporten är sparad."))
    return redirect(reverse("followup:report_review", args=[report.pk]) + "#lansstyrelsens-del")


def _theirs(form, saved_mrs):
    """What is saved now where it differs from what was typed: shown beside the form."""
    theirs = []
    for mr in saved_mrs:
        status, comment = form.values(mr)
        if mr.status != status:
            theirs.append((f"{mr.measure}: {_('status')}", mr.get_status_display()))
        if mr.comment != comment:
            theirs.append((f"{mr.measure}: {_('kommentar')}", mr.comment))
    return theirs


@coordinator_required
def report_review(request, pk):
    report = get_review_report(request, pk)
    user = request.user
    mrs = list(report.measure_reports.all())
    actor_mrs = [mr for mr in mrs if mr.measure.party == Party.ACTOR]
    board_mrs = [mr for mr in mrs if mr.measure.party == Party.BOARD]
    can_edit_board = user.has_perm("followup.edit_board_part", report)
    can_review = user.has_perm("followup.review_report", report)
    posted = request.POST.get("form") if request.method == "POST" else None
    theirs = []

    board_form = None
    if board_mrs and (can_edit_board or posted == "board"):
        board_form = BoardPartForm(
            request.POST if posted == "board" else None,
            initial={"revision": report.board_revision},
            measure_reports=board_mrs,
        )
    review_form = None
    if can_review or posted == "review":
        review_form = ReviewForm(
            request.POST if posted == "review" else None,
            initial={"revision": report.revision, "board_revision": report.board_revision},
            measure_reports=actor_mrs,
        )

    if posted == "board" and board_form is not None and board_form.is_valid():
        if not can_edit_board:
            board_form.add_error(None, _locked_message(report))
        else:
            result = _save_board_part(request, report, board_form)
            if result == "conflict":
                report = get_review_report(request, pk)
                saved = [
                    mr for mr in report.measure_reports.all() if mr.measure.party == Party.BOARD
                ]
                theirs = _theirs(board_form, saved)
                board_form = form_after_conflict(
                    BoardPartForm,
                    request.POST,
                    report.board_revision,
                    message=_board_conflict_message(),
                    measure_reports=saved,
                )
                mrs = list(report.measure_reports.all())
                actor_mrs = [mr for mr in mrs if mr.measure.party == Party.ACTOR]
            elif result is not None:
                return result
    elif posted == "review" and review_form is not None and review_form.is_valid():
        if not can_review:
            review_form.add_error(None, _locked_message(report))
        else:
            result = _decide(request, report, review_form)
            if result is not None:
                return result

    if review_form is not None:
        for mr in actor_mrs:
            mr.typed = review_form.typed(mr)
    questions = list(report.round.questions.all())
    return render(
        request,
        "followup/review.html",
        {
            **SECTION,
            "report": report,
            "round": report.round,
            "pledge": report.pledge,
            "actor_measures": actor_mrs,
            "board_measures": board_mrs,
            "answers": [(q, report.answer_to(q)) for q in questions],
            "board_form": board_form,
            "can_edit_board": can_edit_board,
            "review_form": review_form,
            "can_review": can_review,
            "problems": report.acceptance_problems() if can_review else [],
            "theirs": theirs,
            "events": list(report.events.select_related("by").order_by("at", "pk")),
            "is_late": lateness.is_late(report, timezone.localdate()),
        },
    )


def _locked_message(report) -> str:
    return _(
        "Rapporten har status ”%(status)s” nu och kan inte ändras här. Det du skrev står kvar."
    ) % {"status": report.get_status_display()}


def _decide(request, report, form):
    """Accept or send back; returns a redirect, or None with the reason on `form`."""
    data = form.cleaned_data
    board_read = data["board_revision"]
    if data["revision"] != report.revision or (
        board_read is not None and board_read != report.board_revision
    ):
        form.data = form.data.copy()
        form.data["revision"] = report.revision
        form.data["board_revision"] = report.board_revision
        form.add_error(
            None,
            _(
                "Rapporten har ändrats sedan du öppnade den. Läs igenom den som den är nu "
                "och gör ditt val igen."
            ),
        )
        return None
    try:
        if data["action"] == ReviewForm.ACCEPT:
            accept_report(
                report=report,
                by=request.user,
                note=data["note"].strip(),
                confirmed=data["confirmed"],
            )
            message = _("Rapporten från %(actor)s är godkänd.")
        else:
            request_report_changes(
                report=report,
                by=request.user,
                note=data["note"].strip(),
                measure_comments=form.measure_comments(),
            )
            message = _("Rapporten från %(actor)s är skickad tillbaka för komplettering.")
    except TransitionError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, message % {"actor": report.pledge.actor.name})
    if (
        report.status == Report.Status.ACCEPTED
        and report.round.kind == Round.Kind.FINAL
        and Pledge.objects.filter(pk=report.pledge_id, status=Pledge.Status.CONCLUDED).exists()
    ):
        messages.info(request, _("Det var slutrapporten: löftet är avslutat."))
    return redirect(round_url(report.round, "rapporter"))
