"""Follow-up demo data: rounds and reports in every state, on top of pledges.demo.

The reference pledge's halfway (2019) and final (2021) reports are accepted, so
that its public page shows follow-up from the first `make run`; the accepted final
report concludes it, as in the portal. The statuses and
comments are invented, and every comment says so: the real pledge's follow-up is
not public. Like the pledges' demo, it is keyed on natural keys (county, round
title, pledge) and running it again changes nothing.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from actors.models import County, User
from pledges import demo as pledges_demo
from pledges.demo import REFERENCE_SLUG, at
from pledges.models import Party, Pledge, PledgeEvent

from .models import MeasureReport, Notification, Question, Report, ReportEvent, Round
from .services import accept_report, conclude_with_final_report

K = Round.Kind
S = Report.Status
M = MeasureReport.Status
DEMO_NOTE = "(Demo: påhittad uppföljning.)"


@dataclass(frozen=True)
class DemoRound:
    county: str
    title: str
    kind: str
    opens: datetime.date
    due: datetime.date
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoReport:
    round: str
    pledge: str
    state: str
    statuses: tuple[str, ...] = ()  # the actor's measures in order, cycled
    submitted: datetime.date | None = None
    reviewed: datetime.date | None = None


def d(year, month, day) -> datetime.date:
    return datetime.date(year, month, day)


ROUNDS = [
    DemoRound("07", "Halvtidsuppföljning 2019", K.HALFWAY, d(2019, 4, 1), d(2019, 6, 30)),
    DemoRound("07", "Slutuppföljning 2021", K.FINAL, d(2021, 2, 1), d(2021, 3, 31)),
    DemoRound("07", "Slutuppföljning 2024", K.FINAL, d(2024, 2, 1), d(2024, 3, 31)),
    DemoRound("07", "Halvtidsuppföljning 2026", K.HALFWAY, d(2026, 4, 1), d(2026, 6, 30)),
    DemoRound(
        "07",
        "Årlig uppföljning 2026",
        K.ANNUAL,
        d(2026, 11, 2),
        d(2026, 12, 18),
        ("Har ni fått det stöd från länsstyrelsen som ni behövde under året?",),
    ),
    DemoRound("08", "Halvtidsuppföljning 2025", K.HALFWAY, d(2025, 4, 1), d(2025, 6, 30)),
    DemoRound("08", "Årlig uppföljning 2026", K.ANNUAL, d(2026, 11, 2), d(2026, 12, 18)),
]

SJOBYN = "sjobyns-bygg-ab-fiktiv-2024"
KUSTEN = "kustens-transport-ab-fiktiv-2023"
RENA_AN = "foreningen-rena-an-fiktiv-2020"

REPORTS = [
    DemoReport(
        "Halvtidsuppföljning 2019",
        REFERENCE_SLUG,
        S.ACCEPTED,
        (M.STARTED, M.HALF, M.STARTED, M.DONE, M.NOT_STARTED),
        submitted=d(2019, 6, 20),
        reviewed=d(2019, 8, 26),
    ),
    DemoReport(
        "Slutuppföljning 2021",
        REFERENCE_SLUG,
        S.ACCEPTED,
        (M.DONE, M.DONE, M.HALF, M.DONE, M.NOT_RELEVANT),
        submitted=d(2021, 3, 29),
        reviewed=d(2021, 4, 20),
    ),
    DemoReport(
        "Slutuppföljning 2024",
        RENA_AN,
        S.ACCEPTED,
        (M.DONE, M.HALF),
        submitted=d(2024, 3, 12),
        reviewed=d(2024, 4, 3),
    ),
    DemoReport(
        "Halvtidsuppföljning 2026",
        SJOBYN,
        S.CHANGES_REQUESTED,
        (M.STARTED, M.NOT_STARTED),
        submitted=d(2026, 6, 25),
        reviewed=d(2026, 8, 19),
    ),
    DemoReport("Årlig uppföljning 2026", SJOBYN, S.NOT_STARTED),
    DemoReport(
        "Halvtidsuppföljning 2025",
        KUSTEN,
        S.SUBMITTED,
        (M.HALF, M.STARTED),
        submitted=d(2025, 6, 27),
    ),
    DemoReport("Årlig uppföljning 2026", KUSTEN, S.DRAFT, (M.DONE, M.STARTED)),
]

COMMENTS = {
    M.DONE: "Åtgärden är genomförd enligt plan.",
    M.HALF: "Mer än hälften är gjort; resten görs under nästa år.",
    M.STARTED: "Arbetet har kommit i gång men är i ett tidigt skede.",
    M.NOT_STARTED: "Vi har inte hunnit börja ännu.",
    M.NOT_RELEVANT: "Åtgärden ersattes av en annan när förutsättningarna ändrades.",
}


def _moment(day: datetime.date) -> datetime.datetime:
    return at(day.year, day.month, day.day)


def _round(spec: DemoRound) -> Round:
    county = County.objects.get(code=spec.county)
    round, created = Round.objects.get_or_create(
        county=county,
        title=spec.title,
        defaults={"kind": spec.kind, "opens": spec.opens, "due": spec.due},
    )
    if created:
        for order, text in enumerate(spec.questions):
            Question.objects.create(round=round, order=order, text=text)
        # Straight to open: opening through the service would e-mail invitations
        # for rounds that closed years ago.
        round.mark_opened(at=_moment(spec.opens))
    return round


def _fill_in(report: Report, statuses, *, party=Party.ACTOR) -> None:
    measure_reports = [mr for mr in report.measure_reports.all() if mr.measure.party == party]
    for index, mr in enumerate(measure_reports):
        mr.status = statuses[index % len(statuses)]
        mr.comment = f"{COMMENTS[mr.status]} {DEMO_NOTE}"
        mr.save()


def _report(spec: DemoReport, round: Round, users: dict[str, User]) -> Report | None:
    pledge = Pledge.objects.filter(slug=spec.pledge).first()
    if pledge is None:
        return None
    existing = Report.objects.filter(round=round, pledge=pledge).first()
    if existing is not None:
        # A demo loaded before accepted final reports concluded their pledges catches up.
        if conclude_with_final_report(report=existing, by=existing.reviewed_by, notify=False):
            _backdate_conclusion(pledge, spec)
        return None
    coordinator = users["coordinator" if round.county.code == "07" else "coordinator_kalmar"]
    reporter = users["editor"] if spec.pledge == REFERENCE_SLUG else None
    report = Report.objects.create_for(round, pledge)
    # As if invited when the round opened: the daily followup_reminders must not
    # send invitations for the demo's rounds on a fresh install.
    Notification.objects.create(
        round=round,
        report=report,
        kind=Notification.Kind.INVITATION,
        key="invitation",
        sent_on=round.opens,
    )
    if spec.state == S.NOT_STARTED:
        return report
    report.save_draft(by=reporter, expected_revision=report.revision)
    _fill_in(report, spec.statuses)
    for question in round.questions.all():
        report.set_answer(question, yes=True, text=f"Ja, rådgivningen hjälpte oss. {DEMO_NOTE}")
        report.save()
    if spec.state == S.DRAFT:
        return report
    report.submit(by=reporter)
    _fill_in(report, (M.DONE,), party=Party.BOARD)
    if spec.state == S.CHANGES_REQUESTED:
        first = report.measure_reports.filter(measure__party=Party.ACTOR).first()
        report.request_changes(
            by=coordinator,
            note=f"Beskriv gärna hur långt ni har kommit med den första åtgärden. {DEMO_NOTE}",
            measure_comments={first.pk: "Vad återstår, och när räknar ni med att bli klara?"},
        )
    elif spec.state == S.ACCEPTED:
        done = report.measure_reports.filter(status=M.DONE).values_list("pk", flat=True)
        signed = pledge.status == Pledge.Status.SIGNED
        # As in the portal (a final report concludes its pledge), telling nobody.
        accept_report(
            report=report,
            by=coordinator,
            note=f"Tack för rapporten. {DEMO_NOTE}",
            confirmed=done,
            notify=False,
        )
        if signed and Pledge.objects.filter(pk=pledge.pk, status=Pledge.Status.CONCLUDED).exists():
            _backdate_conclusion(pledge, spec)
    _backdate(report, spec)
    return report


def _backdate_conclusion(pledge: Pledge, spec: DemoReport) -> None:
    """Concluded on the day its final report was accepted."""
    moment = _moment(spec.reviewed)
    Pledge.objects.filter(pk=pledge.pk).update(concluded_at=moment)
    PledgeEvent.objects.filter(pledge=pledge, to_status=Pledge.Status.CONCLUDED).update(at=moment)


def _backdate(report: Report, spec: DemoReport) -> None:
    """Events and timestamps on the demo's dates, not on the day the demo was loaded."""
    if spec.submitted:
        Report.objects.filter(pk=report.pk).update(submitted_at=_moment(spec.submitted))
        ReportEvent.objects.filter(report=report, to_status=S.SUBMITTED).update(
            at=_moment(spec.submitted)
        )
    if spec.reviewed:
        Report.objects.filter(pk=report.pk).update(reviewed_at=_moment(spec.reviewed))
        ReportEvent.objects.filter(
            report=report, to_status__in=[S.ACCEPTED, S.CHANGES_REQUESTED]
        ).update(at=_moment(spec.reviewed))
    if spec.submitted:
        ReportEvent.objects.filter(report=report, to_status=S.DRAFT).update(
            at=_moment(spec.submitted - datetime.timedelta(days=7))
        )


@transaction.atomic
def load_demo() -> dict[str, User]:
    """The pledges' demo, then follow-up rounds and reports on it."""
    users = pledges_demo.load_demo()
    rounds = {(spec.county, spec.title): _round(spec) for spec in ROUNDS}
    for spec in REPORTS:
        pledge_county = Pledge.objects.filter(slug=spec.pledge).values_list(
            "county__code", flat=True
        )
        county = pledge_county.first()
        if county:
            _report(spec, rounds[(county, spec.round)], users)
    return users
