"""The national data set (issue 19): every county with a programme, actors, pledges in
every state, signed versions and two rounds of follow-up, for benchmarks and for
finding what a page costs at scale. `manage.py load_scale_data` runs it.

It lives in followup, the app on top, because it writes the rows of all three apps.

A fixture, never a way to make real data: rows are written with bulk_create, past
the workflow methods and save() (which refuse most of what is written here: a signed
pledge's measures, an accepted report's statuses). What save() or a default would
set is set here by hand: slugs, revisions (their defaults), verification levels (as
MeasureReport.save() decides them), the signed version's code and content (the
snapshot, built from the rows in memory by the snapshot module's own functions).

Skipped, because nothing the pages read depends on them and they would double the
rows: django-simple-history's rows (no history before the data set), PDFs of the
signed versions (not rendered: the public page says so, as before a task renders
one), evidence files (evidence is a link), one-time report links, questionnaires.

Deterministic for a seed: one random.Random(seed), every timestamp derived from
BASE, no uuid4 or now(). auto_now and auto_now_add fields take the real time in
bulk_create; one UPDATE per table sets them to BASE afterwards.
"""

import datetime
import hashlib
import json
from collections import defaultdict
from decimal import Decimal
from random import Random

from django.db import transaction

from actors.models import Actor, County, CountyRole, Membership, User
from actors.reference import read_csv
from pledges.models import (
    EnvironmentalObjective,
    GlobalGoal,
    Measure,
    MeasureLink,
    Party,
    Pledge,
    PledgeEvent,
    Programme,
    ProgrammeMeasure,
    Signatory,
    SignedVersion,
    Theme,
)
from pledges.snapshot import snapshot_from

from .models import GoodExample, MeasureReport, Notification, Report, ReportEvent, Round

BASE = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)
TODAY = BASE.date()
BATCH = 2000
UNUSABLE_PASSWORD = "!scale-data"  # noqa: S105 (unusable: nobody signs in with a password)
THEMES = (
    "Klimat och energi",
    "Hållbar mobilitet",
    "Hållbar konsumtion",
    "Biologisk mångfald",
    "Vatten och hav",
    "Giftfri miljö",
    "Hållbar samhällsplanering",
    "Skog och jordbruk",
)
MEASURES_PER_THEME = (12, 13, 12, 13, 12, 13, 12, 13)  # 100 measures
UNITS = ("ton CO₂e", "kWh", "st", "km")
KIND_NAMES = {
    Actor.Kind.MUNICIPALITY: "Kommun",
    Actor.Kind.REGION: "Region",
    Actor.Kind.COMPANY: "Företag AB",
    Actor.Kind.ENERGY_OFFICE: "Energikontor",
    Actor.Kind.AUTHORITY: "Myndighet",
    Actor.Kind.SCHOOL: "Skola",
    Actor.Kind.ASSOCIATION: "Förening",
    Actor.Kind.OTHER: "Organisation",
}
S = Pledge.Status
R = Report.Status
M = MeasureReport.Status
PLEDGE_WEIGHTS = {S.DRAFT: 1, S.IN_REVIEW: 1, S.APPROVED: 1, S.SIGNED: 10, S.CONCLUDED: 4}
PLEDGE_WEIGHTS[S.WITHDRAWN] = 1

# Every model the data set writes, in the order it writes them (and the test reads them).
MODELS = (
    User,
    CountyRole,
    Actor,
    Membership,
    Programme,
    Theme,
    ProgrammeMeasure,
    ProgrammeMeasure.objectives.through,
    ProgrammeMeasure.global_goals.through,
    Pledge,
    Measure,
    MeasureLink,
    Signatory,
    PledgeEvent,
    SignedVersion,
    Round,
    Report,
    ReportEvent,
    Notification,
    MeasureReport,
    GoodExample,
)
# Reference data, which the data set finds and never writes.
REFERENCE_MODELS = (County, EnvironmentalObjective, GlobalGoal)


class Populated(Exception):
    """The database holds more than reference data."""


def populated_models() -> list[str]:
    """The models (beyond the reference data) that already have rows."""
    return [model._meta.label for model in MODELS if model.objects.exists()]


def municipalities(county: County) -> list[str]:
    """The county's kommun codes: Kronoberg's real ones (the portal ships them), and
    for the others eight codes of the right form (the county's two digits first)."""
    if county.code == "07":
        return [row["code"] for row in read_csv("kommuner-kronoberg.csv")]
    return [f"{county.code}{k:02d}" for k in range(1, 9)]


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


class Progress:
    """Steps done of a total, for a progress bar: `report(step, done, total)`."""

    def __init__(self, report=None):
        self.report = report or (lambda step, done, total: None)
        self.done = 0
        self.total = 1

    def step(self, name: str, rows: int = 0):
        self.done += 1
        self.report(name, self.done, self.total, rows)


def bulk(model, rows, progress: Progress, name: str):
    created = model.objects.bulk_create(rows, batch_size=BATCH)
    progress.step(name, len(created))
    return created


def generate(*, pledges_per_county: int, seed: int = 1, report=None, force: bool = False):
    """Write the national data set. Refuses (Populated) a database with anything but
    reference data unless `force`. Returns the row counts by model label."""
    if not force and (found := populated_models()):
        raise Populated(", ".join(found))
    progress = Progress(report)
    progress.total = 23
    with transaction.atomic():
        _generate(pledges_per_county, Random(seed), progress)  # noqa: S311 (a fixture)
        _fix_auto_timestamps()
        progress.step("tidsstämplar")
    return {model._meta.label: model.objects.count() for model in MODELS}


def _generate(n: int, rng: Random, progress: Progress):  # noqa: C901, PLR0912, PLR0915 (one recipe)
    counties = list(County.objects.order_by("code"))
    objectives = list(EnvironmentalObjective.objects.order_by("pk"))
    goals = list(GlobalGoal.objects.order_by("pk"))
    kinds = list(Actor.Kind.values)

    # People: a coordinator per county, a national administrator, the actors' people.
    coordinators = bulk(
        User,
        [
            User(
                email=f"samordnare-{c.code}@skala.invalid",
                full_name=f"Samordnare {c.name}",
                password=UNUSABLE_PASSWORD,
                date_joined=BASE,
            )
            for c in counties
        ]
        + [
            User(
                email="admin@skala.invalid",
                full_name="Nationell administratör",
                password=UNUSABLE_PASSWORD,
                is_staff=True,
                is_superuser=True,
                date_joined=BASE,
            )
        ],
        progress,
        "samordnare",
    )[: len(counties)]
    coordinator_of = {c.pk: u for c, u in zip(counties, coordinators, strict=True)}
    bulk(
        CountyRole,
        [CountyRole(user=coordinator_of[c.pk], county=c) for c in counties],
        progress,
        "länsroller",
    )

    # Actors of every kind across each county's municipalities.
    actor_rows = []
    for c in counties:
        munis = municipalities(c)
        for i in range(max(len(kinds), n * 2 // 3)):
            kind = kinds[i % len(kinds)]
            muni = munis[i % len(munis)]
            actor_rows.append(
                Actor(
                    county=c,
                    name=f"{KIND_NAMES[kind]} {muni}-{i:04d}",
                    slug=f"skala-{c.code}-aktor-{i:04d}",
                    kind=kind,
                    municipality=muni if i % 5 else "",
                    website=f"https://aktor-{c.code}-{i:04d}.example.invalid/" if i % 3 else "",
                    description=f"Aktör {i} i {c.name}, del av den nationella testdatamängden.",
                )
            )
    actors = bulk(Actor, actor_rows, progress, "aktörer")
    actors_of = defaultdict(list)
    for actor in actors:
        actors_of[actor.county_id].append(actor)
    county_of = {c.pk: c for c in counties}

    # Every actor but one in seven has an editor; every other one a signatory too.
    people = bulk(
        User,
        [
            User(
                email=f"{actor.slug}@skala.invalid",
                full_name=f"Företrädare {actor.slug[-4:]}",
                password=UNUSABLE_PASSWORD,
                date_joined=BASE,
            )
            for i, actor in enumerate(actors)
            if i % 7
        ],
        progress,
        "företrädare",
    )
    person_of = {user.email.split("@")[0]: user for user in people}
    memberships = []
    for i, actor in enumerate(actors):
        user = person_of.get(actor.slug)
        if user is None:
            continue
        memberships.append(Membership(user=user, actor=actor, role=Membership.Role.EDITOR))
        if i % 2:
            memberships.append(
                Membership(
                    user=user,
                    actor=actor,
                    role=Membership.Role.SIGNATORY,
                    confirmed_by=coordinator_of[actor.county_id],
                )
            )
    bulk(Membership, memberships, progress, "medlemskap")

    # A programme of 8 themes and 100 measures in each county.
    programmes = bulk(
        Programme,
        [
            Programme(
                county=c,
                name=f"Regionalt åtgärdsprogram för {c.name}",
                start_year=2020,
                end_year=2030,
            )
            for c in counties
        ],
        progress,
        "åtgärdsprogram",
    )
    themes = bulk(
        Theme,
        [
            Theme(programme=p, name=name, order=t)
            for p in programmes
            for t, name in enumerate(THEMES, start=1)
        ],
        progress,
        "teman",
    )
    pm_rows = []
    for theme in themes:
        for k in range(1, MEASURES_PER_THEME[theme.order - 1] + 1):
            pm_rows.append(
                ProgrammeMeasure(
                    theme=theme,
                    number=f"{theme.order}.{k}",
                    title=f"{theme.name}: åtgärd {k}",
                    description=f"Programåtgärd {k} inom temat {theme.name.lower()}.",
                )
            )
    pms = bulk(ProgrammeMeasure, pm_rows, progress, "programåtgärder")
    theme_of = {t.pk: t for t in themes}
    for pm in pms:
        pm.theme = theme_of[pm.theme_id]
    county_of_programme = {p.pk: p.county_id for p in programmes}
    ObjectiveLink = ProgrammeMeasure.objectives.through
    GoalLink = ProgrammeMeasure.global_goals.through
    bulk(
        ObjectiveLink,
        [
            ObjectiveLink(programmemeasure=pm, environmentalobjective=o)
            for pm in pms
            for o in rng.sample(objectives, rng.randint(1, 3))
        ],
        progress,
        "kopplingar till miljömål",
    )
    bulk(
        GoalLink,
        [
            GoalLink(programmemeasure=pm, globalgoal=g)
            for pm in pms
            for g in rng.sample(goals, rng.randint(1, 2))
        ],
        progress,
        "kopplingar till globala mål",
    )
    # A few programme measures nobody pledges to: coverage lists them first.
    pledgeable = defaultdict(list)
    for i, pm in enumerate(pms):
        if i % 17 != 5:
            pledgeable[county_of_programme[theme_of[pm.theme_id].programme_id]].append(pm)

    # N pledges per county in every state.
    statuses = list(S.values)
    pledge_rows = []
    g = 0
    for c in counties:
        for i in range(n):
            status = (
                statuses[g]
                if g < len(statuses)
                else rng.choices(list(PLEDGE_WEIGHTS), weights=list(PLEDGE_WEIGHTS.values()))[0]
            )
            g += 1
            start = rng.randint(2021, 2026)
            signed = min(at(datetime.date(start, rng.randint(1, 12), rng.randint(1, 28))), BASE)
            stamps = {}
            if status != S.DRAFT:
                stamps["submitted_at"] = signed - datetime.timedelta(days=30)
            if status in (S.APPROVED, S.SIGNED, S.CONCLUDED) or (status == S.WITHDRAWN and i % 2):
                stamps["approved_at"] = signed - datetime.timedelta(days=10)
            if status in (S.SIGNED, S.CONCLUDED) or (status == S.WITHDRAWN and i % 2):
                stamps["signed_at"] = signed
            if status == S.CONCLUDED:
                stamps["concluded_at"] = BASE - datetime.timedelta(days=30)
            if status == S.WITHDRAWN:
                stamps["withdrawn_at"] = BASE - datetime.timedelta(days=60)
            actor = actors_of[c.pk][i % len(actors_of[c.pk])]
            pledge_rows.append(
                Pledge(
                    county=c,
                    actor=actor,
                    slug=f"skala-{c.code}-lofte-{i:05d}",
                    start_year=start,
                    end_year=start + rng.randint(1, 4),
                    status=status,
                    introduction=f"{actor.name} arbetar för en hållbar {c.name.lower()}.",
                    signing_place=c.residence_city if "signed_at" in stamps else "",
                    signing_date=signed.date() if "signed_at" in stamps else None,
                    **stamps,
                )
            )
    pledges = bulk(Pledge, pledge_rows, progress, "löften")
    for pledge in pledges:
        pledge.county = county_of[pledge.county_id]

    # 3–10 measures of the actor's and the board's two commitments; 1–3 links each.
    measure_rows = []
    for pledge in pledges:
        for order in range(1, rng.randint(3, 10) + 1):
            unit = rng.choice(UNITS) if rng.random() < 0.3 else ""
            baseline = Decimal(rng.randint(0, 10_000)) if unit and rng.random() < 0.5 else None
            measure_rows.append(
                Measure(
                    pledge=pledge,
                    party=Party.ACTOR,
                    order=order,
                    heading=rng.choice(THEMES) if rng.random() < 0.5 else "",
                    text=f"{pledge.actor.name} genomför åtgärd {order} under perioden "
                    f"{pledge.start_year}–{pledge.end_year}, med mätbara steg varje år.",
                    indicator_unit=unit,
                    indicator_baseline=baseline,
                    indicator_target=baseline * 2 if baseline is not None else None,
                )
            )
        for order in (1, 2):
            measure_rows.append(
                Measure(
                    pledge=pledge,
                    party=Party.BOARD,
                    order=order,
                    text=f"Länsstyrelsen stöttar med åtagande {order}.",
                )
            )
    measures = bulk(Measure, measure_rows, progress, "åtgärder")
    link_rows = []
    links_of = defaultdict(list)
    for measure in measures:
        if measure.party == Party.ACTOR and rng.random() < 0.05:
            continue  # a measure without a programme link (the data-quality figure)
        choice = rng.sample(pledgeable[measure.pledge.county_id], rng.randint(1, 3))
        for k, pm in enumerate(choice):
            link = MeasureLink(measure=measure, programme_measure=pm, is_primary=k == 0, order=k)
            link_rows.append(link)
            links_of[measure.pk].append(link)
    bulk(MeasureLink, link_rows, progress, "kopplingar till programmet")
    measures_of = defaultdict(list)
    for measure in measures:
        # The snapshot's link line reads the measure's links: give it those in memory.
        measure._prefetched_objects_cache = {"links": links_of[measure.pk]}
        measures_of[measure.pledge_id].append(measure)

    # Signatories (the actor's and the governor), signed on paper when the pledge is.
    signatory_rows = []
    for pledge in pledges:
        if pledge.status in (S.DRAFT,):
            continue
        signed_at = pledge.signed_at
        coordinator = coordinator_of[pledge.county_id]
        for order, (party, name, title, organisation) in enumerate(
            (
                (Party.ACTOR, f"Firmatecknare {pledge.actor.slug[-4:]}", "Vd", pledge.actor.name),
                (
                    Party.BOARD,
                    f"Landshövding {pledge.county.letter}",
                    "Landshövding",
                    pledge.county.board_name,
                ),
            )
        ):
            signatory_rows.append(
                Signatory(
                    pledge=pledge,
                    party=party,
                    order=order,
                    name=name,
                    title=title,
                    organisation=organisation,
                    signed_at=signed_at,
                    method=Signatory.Method.WET_INK if signed_at else "",
                    signed_by=coordinator if signed_at else None,
                )
            )
    signatories = bulk(Signatory, signatory_rows, progress, "undertecknare")
    signatories_of = defaultdict(list)
    for s in signatories:
        signatories_of[s.pledge_id].append(s)

    # The workflow's events: each status change, and each signature.
    path = {
        S.DRAFT: [],
        S.IN_REVIEW: [S.IN_REVIEW],
        S.APPROVED: [S.IN_REVIEW, S.APPROVED],
        S.SIGNED: [S.IN_REVIEW, S.APPROVED, S.SIGNED],
        S.CONCLUDED: [S.IN_REVIEW, S.APPROVED, S.SIGNED, S.CONCLUDED],
    }
    event_rows = []
    for pledge in pledges:
        steps = path.get(pledge.status)
        if steps is None:  # withdrawn, after signing or in review
            steps = [S.IN_REVIEW, S.APPROVED, S.SIGNED] if pledge.signed_at else [S.IN_REVIEW]
            steps = [*steps, S.WITHDRAWN]
        when = {
            S.IN_REVIEW: pledge.submitted_at,
            S.APPROVED: pledge.approved_at,
            S.SIGNED: pledge.signed_at,
            S.CONCLUDED: pledge.concluded_at,
            S.WITHDRAWN: pledge.withdrawn_at,
        }
        coordinator = coordinator_of[pledge.county_id]
        before = S.DRAFT
        for to in steps:
            if to == S.SIGNED:
                for s in signatories_of[pledge.pk]:
                    event_rows.append(
                        PledgeEvent(
                            pledge=pledge,
                            kind=PledgeEvent.Kind.SIGNATURE,
                            by=coordinator,
                            at=when[to],
                            note=s.name,
                            signatory=s,
                            signed_on=when[to].date(),
                            method=s.method,
                        )
                    )
            event_rows.append(
                PledgeEvent(
                    pledge=pledge,
                    kind=PledgeEvent.Kind.STATUS,
                    by=coordinator,
                    at=when[to],
                    from_status=before,
                    to_status=to,
                )
            )
            before = to
    bulk(PledgeEvent, event_rows, progress, "händelser")

    # The signed versions: the snapshot as the signing freezes it, built from memory.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    version_rows = []
    for pledge in pledges:
        if not pledge.signed_at:
            continue
        version_rows.append(
            SignedVersion(
                pledge=pledge,
                content=snapshot_from(pledge, measures_of[pledge.pk], signatories_of[pledge.pk]),
                code="".join(rng.choice(alphabet) for _ in range(10)),
            )
        )
    bulk(SignedVersion, version_rows, progress, "undertecknade versioner")

    # Two rounds of follow-up in each county, with reports in every state.
    rounds = bulk(
        Round,
        [
            Round(
                county=c,
                title=title,
                kind=kind,
                opens=opens,
                due=due,
                opened_at=at(opens, 8),
                created_by=coordinator_of[c.pk],
            )
            for c in counties
            for title, kind, opens, due in (
                (
                    "Halvtidsuppföljning 2025",
                    Round.Kind.HALFWAY,
                    datetime.date(2025, 4, 1),
                    datetime.date(2025, 6, 30),
                ),
                (
                    "Uppföljning 2026",
                    Round.Kind.ANNUAL,
                    datetime.date(2026, 2, 1),
                    datetime.date(2026, 3, 31),
                ),
            )
        ],
        progress,
        "omgångar",
    )
    rounds_of = defaultdict(list)
    for rnd in rounds:
        rounds_of[rnd.county_id].append(rnd)
    report_statuses = list(R.values)
    report_rows = []
    g = 0
    for pledge in pledges:
        if not pledge.signed_at or rng.random() < 0.08:
            continue  # never followed up, or signed without follow-up (data quality)
        coordinator = coordinator_of[pledge.county_id]
        editor = person_of.get(pledge.actor.slug)
        for rnd, accepted_share in zip(rounds_of[pledge.county_id], (0.75, 0.55), strict=True):
            if g < len(report_statuses):
                state = report_statuses[g]
            elif rng.random() < accepted_share:
                state = R.ACCEPTED
            else:
                state = rng.choice([R.NOT_STARTED, R.DRAFT, R.SUBMITTED, R.CHANGES_REQUESTED])
            g += 1
            submitted = state in (R.SUBMITTED, R.CHANGES_REQUESTED, R.ACCEPTED)
            reviewed = state in (R.CHANGES_REQUESTED, R.ACCEPTED)
            report_rows.append(
                Report(
                    round=rnd,
                    pledge=pledge,
                    status=state,
                    comment="Arbetet går enligt plan." if state != R.NOT_STARTED else "",
                    submitted_at=at(rnd.due) if submitted else None,
                    submitted_by=editor if submitted else None,
                    reviewed_at=at(rnd.due + datetime.timedelta(days=14)) if reviewed else None,
                    reviewed_by=coordinator if reviewed else None,
                    review_comment="Komplettera underlaget."
                    if state == R.CHANGES_REQUESTED
                    else "",
                )
            )
    reports = bulk(Report, report_rows, progress, "rapporter")
    report_events = []
    for report in reports:
        steps = {
            R.NOT_STARTED: [],
            R.DRAFT: [(R.NOT_STARTED, R.DRAFT)],
            R.SUBMITTED: [(R.NOT_STARTED, R.DRAFT), (R.DRAFT, R.SUBMITTED)],
            R.CHANGES_REQUESTED: [
                (R.NOT_STARTED, R.DRAFT),
                (R.DRAFT, R.SUBMITTED),
                (R.SUBMITTED, R.CHANGES_REQUESTED),
            ],
            R.ACCEPTED: [
                (R.NOT_STARTED, R.DRAFT),
                (R.DRAFT, R.SUBMITTED),
                (R.SUBMITTED, R.ACCEPTED),
            ],
        }[report.status]
        for k, (before, to) in enumerate(steps):
            report_events.append(
                ReportEvent(
                    report=report,
                    from_status=before,
                    to_status=to,
                    by=report.reviewed_by if k == 2 else report.submitted_by,
                    at=at(report.round.due - datetime.timedelta(days=20 - 17 * k)),
                )
            )
    bulk(ReportEvent, report_events, progress, "rapporthändelser")
    bulk(
        Notification,
        [
            Notification(
                round=report.round,
                report=report,
                kind=Notification.Kind.INVITATION,
                key="invitation",
                sent_on=report.round.opens,
            )
            for report in reports
            if rng.random() < 0.9
        ],
        progress,
        "utskick",
    )

    # A status for each measure in each report begun; evidence links and indicator values.
    steps = [M.NOT_STARTED, M.STARTED, M.HALF, M.DONE, M.NOT_RELEVANT]
    last_status = {}
    mr_rows = []
    g = 0
    for report in sorted(reports, key=lambda r: (r.round.due, r.pk)):
        for measure in measures_of[report.pledge_id]:
            status = ""
            if report.status != R.NOT_STARTED and (report.status != R.DRAFT or rng.random() < 0.5):
                before = last_status.get(measure.pk)
                if g < len(steps):
                    status = steps[g]
                    g += 1
                elif before and rng.random() < 0.4:
                    status = before  # the same status twice: stalled unless settled
                else:
                    status = rng.choices(steps, weights=[2, 3, 2, 3, 1])[0]
                if report.status == R.ACCEPTED:
                    last_status[measure.pk] = status
            evidence = status in (M.DONE, M.HALF) and rng.random() < 0.6
            value = None
            if measure.indicator_unit and status and rng.random() < 0.8:
                value = Decimal(rng.randint(0, 500_000)) / 100
            if evidence and report.status == R.ACCEPTED and rng.random() < 0.5:
                verification = MeasureReport.Verification.CONFIRMED
            elif evidence:
                verification = MeasureReport.Verification.EVIDENCE
            else:
                verification = MeasureReport.Verification.SELF
            mr_rows.append(
                MeasureReport(
                    report=report,
                    measure=measure,
                    status=status,
                    comment="Inte längre aktuell." if status == M.NOT_RELEVANT else "",
                    evidence_url=f"https://underlag.example.invalid/{report.pledge.slug}/{measure.order}"
                    if evidence
                    else "",
                    verification=verification,
                    indicator_value=value,
                )
            )
    measure_reports = bulk(MeasureReport, mr_rows, progress, "åtgärdsrapporter")

    # Two good examples per county: an accepted measure report and a pledge.
    examples = []
    seen = set()
    for mr in measure_reports:
        county_id = mr.report.pledge.county_id
        if (
            mr.report.status == R.ACCEPTED
            and mr.status == M.DONE
            and county_id not in seen
            and mr.report.pledge.status in Pledge.PUBLISHED_STATUSES
        ):
            seen.add(county_id)
            examples.append(
                GoodExample(
                    measure_report=mr,
                    text="Ett genomfört steg som andra kan ta efter.",
                    marked_by=coordinator_of[county_id],
                )
            )
    pledge_examples = set()
    for pledge in pledges:
        if pledge.status in Pledge.PUBLISHED_STATUSES and pledge.county_id not in pledge_examples:
            pledge_examples.add(pledge.county_id)
            examples.append(
                GoodExample(
                    pledge=pledge,
                    text="Ett löfte med tydliga och mätbara åtgärder.",
                    marked_by=coordinator_of[pledge.county_id],
                )
            )
    bulk(GoodExample, examples, progress, "goda exempel")


AUTO_TIMESTAMPS = {
    Actor: ["created_at"],
    Membership: ["created_at"],
    CountyRole: ["created_at"],
    Pledge: ["created_at", "updated_at"],
    SignedVersion: ["created_at"],
    Round: ["created_at"],
    Report: ["created_at", "updated_at"],
    MeasureReport: ["updated_at"],
    Notification: ["created_at"],
    GoodExample: ["marked_at"],
}


def _fix_auto_timestamps():
    # bulk_create gives auto_now(_add) fields the real time; the data set's is BASE.
    for model, fields in AUTO_TIMESTAMPS.items():
        model.objects.update(**dict.fromkeys(fields, BASE))


def digest() -> str:
    """A SHA-256 of every generated row's content, independent of the primary keys
    the database handed out: each row's key is its rank in its table, and a foreign
    key the rank of the row it names (reference rows by their own key: the same in
    every database, made by the same migration)."""
    ranks = {}
    h = hashlib.sha256()
    for model in MODELS:
        rows = list(model.objects.order_by("pk").values())
        ranks[model] = {row["id"]: i for i, row in enumerate(rows)}
        fks = {
            f.attname: f.related_model
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in ranks
        }
        for row in rows:
            row["id"] = ranks[model][row["id"]]
            for attname, related in fks.items():
                if row[attname] is not None:
                    row[attname] = ranks[related][row[attname]]
            if model is SignedVersion:
                content = row["content"]
                content["pledge"]["id"] = ranks[Pledge][content["pledge"]["id"]]
                for key in ("actor_measures", "board_measures"):
                    for m in content[key]:
                        m["id"] = ranks[Measure][m["id"]]
            h.update(model._meta.label.encode())
            h.update(json.dumps(row, sort_keys=True, default=str).encode())
    return h.hexdigest()
