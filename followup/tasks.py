"""The follow-up's e-mail, sent by the worker.

Only ids travel through the task queue. Each link is made here, in the worker,
so that no live token is ever stored in the task table (see actors/tasks.py).
"""

import datetime
import logging
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_tasks import task

from actors.links import absolute_url
from actors.outbox import already_sent
from actors.tasks import render_and_send

from .lateness import late_q, may_chase

logger = logging.getLogger(__name__)


def _report(report_id):
    from .models import Report

    return (
        Report.objects.select_related("round__county", "pledge__actor").filter(pk=report_id).first()
    )


def _send_links(report, template, *, emails=None, **extra) -> int:
    """One e-mail per representative, each with its own new one-time link."""
    from .models import ReportLink, link_lifetime

    people = list(get_user_model().objects.editors_of(report.pledge.actor_id))
    if emails is not None:
        wanted = {e.lower() for e in emails}
        people = [p for p in people if p.email.lower() in wanted]
    if not people:
        logger.warning(
            "Report %s: %s has no representative to e-mail (%s).",
            report.pk,
            report.pledge.actor,
            template,
        )
        return 0
    sent = 0
    with translation.override("sv"):
        for person in people:
            if already_sent(template, [person.email]):
                continue  # this task ran before, and its worker died after this one
            _link, token = ReportLink.objects.issue(report, person.email)
            context = {
                "name": person.get_full_name(),
                "actor": report.pledge.actor.name,
                "pledge": str(report.pledge),
                "round": report.round.title,
                "due": date_format(report.round.due, "j F Y"),
                "board": report.round.county.board_name,
                "url": absolute_url(reverse("followup:report_link", kwargs={"token": token})),
                "days": link_lifetime().days,
                **extra,
            }
            sent += render_and_send(to=[person.email], template=template, context=context)
    return sent


@task()
def send_report_invitation(*, report_id: int) -> int:
    """The round is open: each representative gets a link to the report."""
    report = _report(report_id)
    if report is None or not may_chase(report, timezone.localdate()):
        return 0
    return _send_links(report, "followup/email/invitation")


@task()
def send_report_reminder(*, report_id: int, days_left: int) -> int:
    """The due date is near and the report is not in yet."""
    # Checked again here: the pledge may have been withdrawn, the report submitted
    # or the round closed since the reminder was queued.
    report = _report(report_id)
    if report is None or not may_chase(report, timezone.localdate()):
        return 0
    return _send_links(report, "followup/email/reminder", days_left=days_left)


@task()
def send_report_link(*, report_id: int, email: str) -> int:
    """A new link for one representative, who asked for it on a spent link's page."""
    report = _report(report_id)
    if report is None or not may_chase(report, timezone.localdate()):
        return 0
    return _send_links(report, "followup/email/new_link", emails=[email])


@task()
def send_late_notice(*, round_id: int, on: str) -> int:
    """Tell the round's county coordinators which reports are past due."""
    from .models import Round

    round = Round.objects.select_related("county").filter(pk=round_id).first()
    if round is None:
        return 0
    late = list(
        round.reports.filter(late_q(datetime.date.fromisoformat(on)))
        .select_related("pledge__actor")
        .order_by("pledge__actor__name", "pk")
    )
    coordinators = list(
        get_user_model().objects.coordinators_of(round.county_id).values_list("email", flat=True)
    )
    if not late or not coordinators:
        if late:
            logger.warning("Round %s: no coordinator to tell about late reports.", round.pk)
        return 0
    with translation.override("sv"):
        return render_and_send(
            to=coordinators,
            template="followup/email/late",
            context={
                "round": round.title,
                "due": date_format(round.due, "j F Y"),
                "on": date_format(datetime.date.fromisoformat(on), "j F Y"),
                "board": round.county.board_name,
                "reports": [
                    {
                        "actor": r.pledge.actor.name,
                        "pledge": str(r.pledge),
                        "status": r.get_status_display(),
                        "url": absolute_url(reverse("followup:report_edit", args=[r.pk])),
                    }
                    for r in late
                ],
            },
        )


NEWS_TEMPLATES = {
    "submitted": "followup/email/submitted",
    "changes_requested": "followup/email/sent_back",
    "accepted": "followup/email/accepted",
}


@task()
def send_report_news(*, event_id: int) -> int:
    """A report was submitted (the county's coordinators are told), sent back or accepted
    (the actor's editors are told): one message per person, never to the one who did it.

    Each message is recorded (Notification, under a key naming the event and the
    person) in the transaction that sends it: the task run again, or queued twice,
    sends nobody a second one. A report sent back gives each editor a new one-time
    link, made here like the invitations' (the earlier one is spent).
    """
    from pledges.models import Pledge

    from .models import Notification, ReportEvent, ReportLink, Round, link_lifetime

    event = (
        ReportEvent.objects.select_related("report__round__county", "report__pledge__actor", "by")
        .filter(pk=event_id, to_status__in=list(NEWS_TEMPLATES))
        .first()
    )
    if event is None:
        return 0
    report = event.report
    if report.events.order_by("-pk").values_list("pk", flat=True).first() != event.pk:
        # The worker was behind and the report has moved on: the news no longer holds
        # (and a link to a report sent in again would open nothing to complete).
        logger.info("Report %s: event %s is outdated, not sent.", report.pk, event.pk)
        return 0
    kind = event.to_status
    if kind == Notification.Kind.SUBMITTED:
        people = get_user_model().objects.coordinators_of(report.round.county_id)
    else:
        people = get_user_model().objects.editors_of(report.pledge.actor_id)
    people = [person for person in people if person.pk != event.by_id]
    today = timezone.localdate()
    with translation.override("sv"):
        context = {
            "actor": report.pledge.actor.name,
            "pledge": str(report.pledge),
            "round": report.round.title,
            "due": date_format(report.round.due, "j F Y"),
            "board": report.round.county.board_name,
            "by": str(event.by) if event.by else "",
            "how": event.note if event.by is None else "",
            "note": event.note if event.by is not None else "",
            "at": date_format(timezone.localtime(event.at), "j F Y"),
        }
        if kind == Notification.Kind.SUBMITTED:
            context["url"] = absolute_url(reverse("followup:report_review", args=[report.pk]))
        elif kind == Notification.Kind.CHANGES_REQUESTED:
            context["measures"] = [
                {"measure": mr.measure.title, "comment": mr.review_comment}
                for mr in report.measure_reports.select_related("measure")
                if mr.review_comment
            ]
            context["account_url"] = absolute_url(reverse("followup:report_edit", args=[report.pk]))
            context["days"] = link_lifetime().days
        else:
            context["url"] = absolute_url(report.pledge.get_absolute_url())
            context["concluded"] = (
                report.round.kind == Round.Kind.FINAL
                and Pledge.objects.filter(
                    pk=report.pledge_id, status=Pledge.Status.CONCLUDED
                ).exists()
            )
        # A round that has closed takes no more changes: no link, then.
        give_link = kind == Notification.Kind.CHANGES_REQUESTED and may_chase(report, today)
        sent = 0
        for person in people:
            with transaction.atomic():
                _notification, created = Notification.objects.get_or_create(
                    report=report,
                    key=f"{kind}-{event.pk}-{person.pk}",
                    defaults={"round": report.round, "kind": kind, "sent_on": today},
                )
                if not created:
                    continue
                personal = {"name": person.get_full_name()}
                if give_link:
                    _link, token = ReportLink.objects.issue(report, person.email)
                    personal["link"] = absolute_url(
                        reverse("followup:report_link", kwargs={"token": token})
                    )
                sent += render_and_send(
                    to=[person.email], template=NEWS_TEMPLATES[kind], context=context | personal
                )
    return sent


@task()
def render_yearly_report(*, county_id: int, query: dict) -> str:
    """Render the county's yearly report for the filters `query` (GET parameters) and
    store it under the name of its county, filters and data; the stored name.

    The data's timestamp is taken here, when the figures are read: a change made
    after the coordinator asked makes a file of the newer data, and the page that
    waits for the older one says that the data has changed."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from actors.models import County

    from . import yearly_report

    county = County.objects.get(pk=county_id)
    stamp = yearly_report.stamp_of(yearly_report.data_timestamp(county))
    name = yearly_report.file_name(county, query, stamp)
    if not default_storage.exists(name):
        data = yearly_report.render_yearly_report(county, query, stamp=stamp)
        default_storage.save(name, ContentFile(data))
    return name


@task()
def regenerate_open_data(*, county_id: int | None = None) -> list[str]:
    """Write the open-data files of the county (JSON and CSV) and the country's CSV anew:
    something in them was published. The stored names."""
    from . import opendata

    return opendata.regenerate(county_id)


def schedule_open_data(*, county_id: int) -> None:
    """Queue the files' regeneration once the transaction that published is committed
    (a worker must read what was published, and nothing if it was rolled back)."""
    transaction.on_commit(partial(regenerate_open_data.enqueue, county_id=county_id), robust=True)
