"""Follow-up workflows that cross apps: opening a round for a set of pledges, a report's
review with the e-mail it sends (and the pledge concluded by its final report),
exporting a round."""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext

from pledges.exceptions import TransitionError
from pledges.models import MeasureLink, Pledge, PledgeEvent
from pledges.services import notify_transition

from .models import MeasureReport, Notification, Report, ReportEvent, Round
from .representatives import represented_actor_ids
from .tasks import schedule_open_data, send_report_invitation, send_report_news

logger = logging.getLogger(__name__)


@transaction.atomic
def open_round(*, round: Round, pledges) -> list[Report]:
    """Open `round`: a pre-filled report for each of `pledges`, and the round marked open.

    Returns the reports created. Refused as a whole (nothing written) if the round
    is already open or any pledge cannot be followed up in it.
    """
    pledges = list(pledges)
    if not pledges:
        raise TransitionError(gettext("Välj minst ett löfte att följa upp."))
    # First, so that two coordinators opening the same round cannot both create reports.
    round.mark_opened()
    return add_to_round(round=round, pledges=pledges)


@transaction.atomic
def add_to_round(*, round: Round, pledges) -> list[Report]:
    """Add `pledges` to an open round (a pledge signed after it opened, one left out).

    Pledges already in the round are skipped. Returns the reports created. Refused
    for a round that is not open, or that has closed.

    The invitations go out at once if the round's opening day has come; if not,
    the daily `followup_reminders` sends them on that day. An actor with no
    representative is not invited (nothing is recorded): the round page says so,
    and the daily command invites it once it has one.
    """
    # Locked, so that two coordinators adding at once take turns: the second one
    # sees the first one's reports and skips them instead of breaking the
    # one-report-per-pledge constraint.
    locked = Round.objects.select_for_update().filter(pk=round.pk).first()
    if locked is None or locked.opened_at is None:
        raise TransitionError(gettext("Omgången är inte öppnad."))
    today = timezone.localdate()
    if locked.is_closed(today):
        raise TransitionError(gettext("Omgången är stängd: inga löften kan läggas till."))
    present = set(round.reports.values_list("pledge_id", flat=True))
    reports = [
        Report.objects.create_for(round, pledge) for pledge in pledges if pledge.pk not in present
    ]
    if locked.opens > today:
        return reports
    represented = set(
        represented_actor_ids()
        .filter(actor_id__in={r.pledge.actor_id for r in reports})
        .values_list("actor_id", flat=True)
    )
    invited = []
    for report in reports:
        if report.pledge.actor_id in represented:
            invited.append(report)
        else:
            logger.warning(
                "Report %s: %s has no representative to invite.", report.pk, report.pledge.actor
            )
    # The invitations: recorded with the reports, queued once they are committed
    # (a worker must find the report it is asked to write about).
    Notification.objects.bulk_create(
        [
            Notification(
                round=round, report=report, kind=Notification.Kind.INVITATION,
                key="invitation", sent_on=today,
            )
            for report in invited
        ]
    )  # fmt: skip
    for report in invited:
        transaction.on_commit(
            partial(send_report_invitation.enqueue, report_id=report.pk), robust=True
        )
    return reports


# A report's review. Each step is the model's (Report.submit, .accept,
# .request_changes); these add the e-mail, queued in the same transaction as the
# step (as pledges.services.pledge_transition does): with the database task
# backend it goes out if and only if the step is made.


@transaction.atomic
def submit_report(*, report: Report, by, note: str = "") -> ReportEvent:
    """The actor sends the report in; the county's coordinators are told."""
    event = report.submit(by=by, note=note)
    send_report_news.enqueue(event_id=event.pk)
    return event


@transaction.atomic
def request_report_changes(*, report: Report, by, note: str, measure_comments=None) -> ReportEvent:
    """The coordinator sends the report back; the actor's editors are told why, with a
    new link to it."""
    event = report.request_changes(by=by, note=note, measure_comments=measure_comments)
    send_report_news.enqueue(event_id=event.pk)
    return event


@transaction.atomic
def accept_report(
    *, report: Report, by, note: str = "", confirmed=(), notify: bool = True
) -> ReportEvent:
    """The coordinator accepts the report; the actor's editors are told. An accepted final
    report concludes its pledge, in the same transaction: both or neither.

    `notify=False` tells nobody (the demo's reports are history, not news)."""
    event = report.accept(by=by, note=note, confirmed=confirmed)
    conclude_with_final_report(report=report, by=by, notify=notify)
    # The report is public now: the open-data files are written anew once it is committed.
    schedule_open_data(county_id=report.round.county_id)
    if notify:
        send_report_news.enqueue(event_id=event.pk)
    return event


@transaction.atomic
def conclude_with_final_report(*, report: Report, by, notify: bool = True) -> PledgeEvent | None:
    """Conclude the pledge of `report` if this is its accepted final report and the pledge
    is still signed; the people of the pledge hear of it as of any status change.

    Returns the event, or None when there is nothing to conclude (a halfway report, a
    pledge concluded already), so that asking twice concludes once."""
    if report.round.kind != Round.Kind.FINAL or report.status != Report.Status.ACCEPTED:
        return None
    # Locked: a coordinator concluding the pledge by hand at the same moment waits, and
    # then finds it concluded.
    pledge = Pledge.objects.select_for_update().filter(pk=report.pledge_id).first()
    if pledge is None or pledge.status != Pledge.Status.SIGNED:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        # Stored in the history, which is in Swedish whoever reads it.
        note = gettext("Slutrapporten i ”%(round)s” är godkänd.") % {"round": report.round.title}
    event = pledge.conclude(by=by, note=note)
    if notify:
        notify_transition(pledge=pledge, event=event, user=by)
    return event


def round_rows(round: Round) -> list[dict]:
    """One row per measure report of `round`, for the CSV and XLSX exports.

    Two queries however large the round: the measure reports with their report,
    pledge, actor and measure, and the measures' programme links with theme.
    """
    measure_reports = (
        MeasureReport.objects.filter(report__round=round)
        .select_related("report__pledge__actor", "measure")
        .prefetch_related(
            Prefetch(
                "measure__links",
                queryset=MeasureLink.objects.select_related("programme_measure__theme"),
            )
        )
        .order_by(
            "report__pledge__actor__name",
            "report__pledge__pk",
            "measure__party",
            "measure__order",
            "measure__pk",
        )
    )
    rows = []
    for mr in measure_reports:
        report, measure = mr.report, mr.measure
        links = list(measure.links.all())
        themes = list(dict.fromkeys(link.programme_measure.theme.name for link in links))
        rows.append(
            {
                "actor": report.pledge.actor.name,
                "pledge": str(report.pledge),
                "pledge_slug": report.pledge.slug,
                "report_status": report.get_status_display(),
                "party": measure.get_party_display(),
                # The whole text where there is no heading: a spreadsheet has room.
                "measure": measure.title,
                "themes": ", ".join(themes),
                "programme_measures": ", ".join(
                    link.programme_measure.number + (" (främst)" if link.is_primary else "")
                    for link in links
                ),
                "status": mr.get_status_display(),
                "comment": mr.comment,
                "indicator_value": mr.indicator_value,
                "indicator_unit": measure.indicator_unit,
                "evidence_url": mr.evidence_url,
                "verification": mr.get_verification_display(),
            }
        )
    return rows
