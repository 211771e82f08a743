"""Follow-up demo data: rounds and reports in every state, on top of pledges.demo.

The reference pledge's halfway (2019) and final (2021) reports are accepted, so
that its public page shows follow-up from the first `make run`; the accepted final
report concludes it, as in the portal. The statuses and
comments are invented, and every comment says so: the real pledge's follow-up is
not public. Like the pledges' demo, it is keyed on natural keys (county, round
title, pledge) and running it again changes nothing.

The pledges' crowd (pledges.demo.crowd_plan) is followed up too (crowd_reports):
halfway and final, in every report state, some late, some with links to evidence,
with indicator values; each report's statuses drawn from a seed of its own. Every
step goes through the report's workflow methods; only the measure reports' content
is written in bulk (with its history rows), as a draft's content.
"""

import datetime
import random
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_update_with_history

from actors.models import County, User
from pledges import demo as pledges_demo
from pledges.demo import REFERENCE_SLUG, at
from pledges.models import Party, Pledge, PledgeEvent

from .models import (
    GoodExample,
    MeasureReport,
    Notification,
    Question,
    Report,
    ReportEvent,
    Round,
)
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
    # The crowd's reports (no statuses given): links to evidence on what is done.
    evidence: bool = False


def d(year, month, day) -> datetime.date:
    return datetime.date(year, month, day)


ROUNDS = [
    DemoRound("07", "Halvtidsuppföljning 2019", K.HALFWAY, d(2019, 4, 1), d(2019, 6, 30)),
    DemoRound("07", "Slutuppföljning 2021", K.FINAL, d(2021, 2, 1), d(2021, 3, 31)),
    DemoRound("07", "Halvtidsuppföljning 2022", K.HALFWAY, d(2022, 4, 1), d(2022, 6, 30)),
    DemoRound("07", "Slutuppföljning 2025", K.FINAL, d(2025, 2, 1), d(2025, 3, 31)),
    DemoRound("07", "Halvtidsuppföljning 2025", K.HALFWAY, d(2025, 4, 1), d(2025, 6, 30)),
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
    DemoRound("08", "Halvtidsuppföljning 2024", K.HALFWAY, d(2024, 4, 1), d(2024, 6, 30)),
    DemoRound("08", "Halvtidsuppföljning 2025", K.HALFWAY, d(2025, 4, 1), d(2025, 6, 30)),
    DemoRound("08", "Slutuppföljning 2026", K.FINAL, d(2026, 2, 1), d(2026, 3, 31)),
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


# The crowd's follow-up (pledges.demo.crowd_plan): its signed pledges are reported on
# in the rounds their period calls for, halfway and final, so that the dashboards have
# statuses to compare between rounds. Which state each report is in is given per round
# and handed out in turn; the measures' statuses are drawn, from a fixed seed per
# report, moving on from what the previous round said.
CROWD_ROUNDS = {
    ("07", 2020, 2023): ("Halvtidsuppföljning 2022", "Slutuppföljning 2024"),
    ("07", 2021, 2024): ("Halvtidsuppföljning 2022", "Slutuppföljning 2025"),
    ("07", 2023, 2026): ("Halvtidsuppföljning 2025", "Årlig uppföljning 2026"),
    ("07", 2024, 2027): ("Halvtidsuppföljning 2026",),
    ("07", 2025, 2028): ("Halvtidsuppföljning 2026", "Årlig uppföljning 2026"),
    ("08", 2022, 2025): ("Halvtidsuppföljning 2024", "Slutuppföljning 2026"),
    ("08", 2023, 2026): ("Halvtidsuppföljning 2025", "Årlig uppföljning 2026"),
    ("08", 2024, 2027): ("Halvtidsuppföljning 2025",),
}
# A report's state, and whether it came in after the due date ("late") or links to
# evidence ("evidence"). Owed reports of rounds past their due date are late too.
ACCEPTED, WITH_EVIDENCE, LATE_ACCEPTED = "accepted", "accepted evidence", "accepted late"
LATE_SUBMITTED = "submitted late"
CROWD_STATES = {
    ("07", "Halvtidsuppföljning 2022"): [
        WITH_EVIDENCE, ACCEPTED, ACCEPTED, LATE_ACCEPTED, WITH_EVIDENCE, ACCEPTED, ACCEPTED,
        ACCEPTED,
    ],
    ("07", "Slutuppföljning 2024"): [
        WITH_EVIDENCE, ACCEPTED, ACCEPTED, LATE_ACCEPTED, WITH_EVIDENCE, ACCEPTED, S.SUBMITTED,
        S.NOT_STARTED,
    ],
    ("07", "Slutuppföljning 2025"): [
        ACCEPTED, WITH_EVIDENCE, S.CHANGES_REQUESTED, ACCEPTED, S.DRAFT, LATE_ACCEPTED,
        LATE_SUBMITTED, ACCEPTED,
    ],
    ("07", "Halvtidsuppföljning 2025"): [WITH_EVIDENCE, ACCEPTED, ACCEPTED, S.NOT_STARTED],
    ("07", "Halvtidsuppföljning 2026"): [
        WITH_EVIDENCE, S.SUBMITTED, S.CHANGES_REQUESTED, S.DRAFT, ACCEPTED, S.NOT_STARTED,
        LATE_SUBMITTED, ACCEPTED, S.NOT_STARTED, S.DRAFT,
    ],
    ("07", "Årlig uppföljning 2026"): [
        S.SUBMITTED, S.DRAFT, S.NOT_STARTED, S.DRAFT, S.NOT_STARTED, S.SUBMITTED, S.DRAFT,
        S.NOT_STARTED, S.NOT_STARTED, S.DRAFT,
    ],
    ("08", "Halvtidsuppföljning 2024"): [WITH_EVIDENCE, ACCEPTED, ACCEPTED],
    ("08", "Slutuppföljning 2026"): [ACCEPTED, WITH_EVIDENCE, S.SUBMITTED],
    ("08", "Halvtidsuppföljning 2025"): [
        ACCEPTED, WITH_EVIDENCE, S.CHANGES_REQUESTED, ACCEPTED, S.NOT_STARTED,
    ],
    ("08", "Årlig uppföljning 2026"): [S.DRAFT, S.NOT_STARTED, S.SUBMITTED],
}  # fmt: skip
SCALE = [M.NOT_STARTED, M.STARTED, M.HALF, M.DONE]
# How far along an indicator is, for each status: 0 at the baseline, 1 at the target.
PROGRESS = {M.NOT_STARTED: 0, M.STARTED: 0.3, M.HALF: 0.6, M.DONE: 1}


def _chooser(round_title: str, slug: str) -> random.Random:
    return random.Random(f"{pledges_demo.SEED}:{round_title}:{slug}")  # noqa: S311 (demo data)


def crowd_reports() -> list[DemoReport]:
    """The crowd's reports, in the order they were written (by round)."""
    rounds = {(r.county, r.title): r for r in ROUNDS}
    handed = dict.fromkeys(CROWD_STATES, 0)
    reports = []
    for spec in pledges_demo.crowd_plan():
        if spec.state != Pledge.Status.SIGNED:
            continue
        for title in CROWD_ROUNDS.get((spec.county, spec.start, spec.end), ()):
            key = (spec.county, title)
            states = CROWD_STATES[key]
            state = states[handed[key] % len(states)]
            handed[key] += 1
            round, chooser = rounds[key], _chooser(title, spec.slug)
            report = DemoReport(title, spec.slug, state.split()[0], evidence="evidence" in state)
            if report.state in (S.SUBMITTED, S.CHANGES_REQUESTED, S.ACCEPTED):
                if "late" in state:
                    submitted = round.due + datetime.timedelta(days=chooser.randint(5, 30))
                else:
                    room = (round.due - round.opens).days
                    submitted = round.opens + datetime.timedelta(days=chooser.randint(7, room))
                report = replace(report, submitted=submitted)
            if report.state in (S.CHANGES_REQUESTED, S.ACCEPTED):
                reviewed = report.submitted + datetime.timedelta(days=chooser.randint(10, 30))
                report = replace(report, reviewed=reviewed)
            reports.append((round.due, len(reports), report))
    return [report for _due, _n, report in sorted(reports)]


def _moved_on(status: str, chooser: random.Random, *, kind: str) -> str:
    """A measure's status in this round, from the one the report was pre-filled with."""
    if not status or status == M.NOT_RELEVANT:
        return chooser.choice([M.NOT_STARTED, M.STARTED, M.STARTED, M.HALF, M.HALF, M.DONE])
    if status != M.DONE and chooser.random() < 0.08:
        return M.NOT_RELEVANT
    steps = chooser.choice([0, 0, 1] if kind == K.ANNUAL else [0, 1, 1, 2, 3])
    return SCALE[min(SCALE.index(status) + steps, len(SCALE) - 1)]


def _indicator_value(measure, status: str, chooser: random.Random):
    if not measure.indicator_unit or status not in PROGRESS:
        return None
    baseline, target = measure.indicator_baseline, measure.indicator_target
    reached = PROGRESS[status] * chooser.uniform(0.85, 1.1)
    return Decimal(str(round(float(baseline + (target - baseline) * Decimal(reached)), 1)))


def _fill_in_crowd(report: Report, spec: DemoReport, *, party=Party.ACTOR) -> None:
    chooser = _chooser(f"{spec.round}:{party}", spec.pledge)
    measure_reports = _measure_reports(report, party)
    for mr in measure_reports:
        if party == Party.BOARD:
            mr.status = chooser.choice([M.STARTED, M.HALF, M.DONE, M.DONE])
        else:
            mr.status = _moved_on(mr.status, chooser, kind=report.round.kind)
            mr.indicator_value = _indicator_value(mr.measure, mr.status, chooser)
        mr.comment = f"{COMMENTS[mr.status]} {DEMO_NOTE}"
        if spec.evidence and mr.status in (M.DONE, M.HALF):
            mr.evidence_url = (
                f"https://www.example.org/demo-underlag/{report.pledge.slug}/{mr.measure.order}"
            )
    _save_measure_reports(report, measure_reports, party)


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


def _measure_reports(report: Report, party) -> list[MeasureReport]:
    return list(
        report.measure_reports.filter(measure__party=party)
        .select_related("measure")
        .order_by("measure__order", "measure__pk")
    )


def _save_measure_reports(report: Report, measure_reports, party) -> None:
    """What the reporter wrote, saved in bulk with its history. As MeasureReport.save()
    would: only while that party may write, and the verification level follows the
    evidence."""
    allowed = Report.BOARD_CONTENT_STATUSES if party == Party.BOARD else Report.CONTENT_STATUSES
    assert Report.objects.get(pk=report.pk).status in allowed
    for mr in measure_reports:
        mr.verification = (
            MeasureReport.Verification.EVIDENCE
            if mr.has_evidence
            else MeasureReport.Verification.SELF
        )
    bulk_update_with_history(
        measure_reports,
        MeasureReport,
        ["status", "comment", "indicator_value", "evidence_url", "verification"],
    )


def _fill_in(report: Report, statuses, *, party=Party.ACTOR) -> None:
    measure_reports = _measure_reports(report, party)
    for index, mr in enumerate(measure_reports):
        mr.status = statuses[index % len(statuses)]
        mr.comment = f"{COMMENTS[mr.status]} {DEMO_NOTE}"
    _save_measure_reports(report, measure_reports, party)


def _catch_up(spec: DemoReport, round: Round) -> None:
    """A demo loaded before accepted final reports concluded their pledges catches up."""
    existing = Report.objects.select_related("pledge").get(round=round, pledge__slug=spec.pledge)
    if conclude_with_final_report(report=existing, by=existing.reviewed_by, notify=False):
        _backdate_conclusion(existing.pledge, spec)


def _report(spec: DemoReport, round: Round, users: dict[str, User]) -> Report | None:
    pledge = Pledge.objects.filter(slug=spec.pledge).first()
    if pledge is None:
        return None
    if Report.objects.filter(round=round, pledge=pledge).exists():
        _catch_up(spec, round)
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
    if spec.statuses:
        _fill_in(report, spec.statuses)
    else:
        _fill_in_crowd(report, spec)
    for question in round.questions.all():
        report.set_answer(question, yes=True, text=f"Ja, rådgivningen hjälpte oss. {DEMO_NOTE}")
        report.save()
    if spec.state == S.DRAFT:
        _backdate(report, spec)
        return report
    report.submit(by=reporter)
    if spec.statuses:
        _fill_in(report, (M.DONE,), party=Party.BOARD)
    else:
        _fill_in_crowd(report, spec, party=Party.BOARD)
    if spec.state == S.CHANGES_REQUESTED:
        first = report.measure_reports.filter(measure__party=Party.ACTOR).first()
        report.request_changes(
            by=coordinator,
            note=f"Beskriv gärna hur långt ni har kommit med den första åtgärden. {DEMO_NOTE}",
            measure_comments={first.pk: "Vad återstår, och när räknar ni med att bli klara?"},
        )
    elif spec.state == S.ACCEPTED:
        done = report.measure_reports.filter(status=M.DONE)
        if not spec.statuses:
            # The county confirms what the evidence shows; the rest stays as reported.
            done = done.exclude(evidence_url="")
        done = done.values_list("pk", flat=True)
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
    elif not spec.statuses:
        # A draft of the crowd's was begun two weeks into its round.
        ReportEvent.objects.filter(report=report, to_status=S.DRAFT).update(
            at=_moment(report.round.opens + datetime.timedelta(days=14))
        )


@transaction.atomic
def load_demo() -> dict[str, User]:
    """The pledges' demo, then follow-up rounds and reports on it."""
    users = pledges_demo.load_demo()
    rounds = {(spec.county, spec.title): _round(spec) for spec in ROUNDS}
    specs = [*REPORTS, *crowd_reports()]
    counties = dict(
        Pledge.objects.filter(slug__in={spec.pledge for spec in specs}).values_list(
            "slug", "county__code"
        )
    )
    # Read at once, so that loading the demo again (at every `make run`) costs a few
    # queries: the reports there are, and which of them are accepted final reports
    # of pledges still signed.
    existing = {
        (round_id, slug): catch_up
        for round_id, slug, catch_up in Report.objects.filter(
            round__in=rounds.values()
        ).values_list(
            "round_id",
            "pledge__slug",
            Q(
                round__kind=Round.Kind.FINAL,
                status=S.ACCEPTED,
                pledge__status=Pledge.Status.SIGNED,
            ),
        )
    }
    for spec in specs:
        county = counties.get(spec.pledge)
        if county is None:
            continue
        round = rounds[(county, spec.round)]
        if (round.pk, spec.pledge) not in existing:
            _report(spec, round, users)
        elif existing[(round.pk, spec.pledge)]:
            _catch_up(spec, round)
    _good_example(users)
    return users


def _good_example(users) -> None:
    """The reference pledge as the front page's good example (its board promises to lift
    such pledges up), made once."""
    pledge = Pledge.objects.published().filter(slug=pledges_demo.REFERENCE_SLUG).first()
    if pledge is None:
        return
    GoodExample.objects.get_or_create(
        pledge=pledge,
        defaults={
            "text": (
                "Energikontor Sydost fick länets aktörer att se restvärme och förnybara "
                "bränslen som en gemensam sak, och delade med sig av hur."
            ),
            "marked_by": users["coordinator"],
        },
    )
