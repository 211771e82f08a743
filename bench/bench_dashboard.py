"""Time the county dashboard's figures against a hand-written SQL aggregate of the same.

    python bench/bench_dashboard.py [--pledges N] [--runs N] [--fresh] [--force]

Runs on PostgreSQL, in a database of its own (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/mml_bench), which it creates and migrates. It
drops and rebuilds that database only when the database holds nothing but its own
data (the programme it names after itself) or is empty; any other database is
refused unless --force.

The data set is one county's (Kronoberg): a programme of 8 themes × 12 measures
linked to objectives and global goals, actors of every kind across the county's
municipalities, N pledges (default 300) in every status with 3–10 measures of the
actor's and two of the board's each, 1–3 programme links per measure (a few
without, for the data-quality figure), and two rounds with reports in every state,
measure statuses and indicator values. It is a benchmark fixture: written with
bulk_create, past the workflow methods and without history rows, deterministic
from --seed. (Issue 19 will add `manage.py load_scale_data`, a national data set;
this benchmark should move to it then.)

"dashboard" is followup.dashboard.county_dashboard (what the view calls, with no
filter), its figures read into plain values; "SQL" is one cursor.execute per
figure family (pledges, measures, coverage, between rounds, completion,
indicators, data quality), written by hand below. The script first checks that
both give the same figures. "page" is the whole dashboard page through the Django
test client as the county's coordinator (charts and template included), shown for
information. Exits non-zero if dashboard / SQL is above --limit (default 2).
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/mml_bench"
# The dashboard's "today": fixed, so that late reports and "this year" do not move.
TODAY = datetime.date(2026, 12, 2)
COUNTY_CODE = "07"
MARKER = "Benchmarkprogram"  # the programme's name starts with this: the data is ours
UNITS = ("ton CO₂e", "kWh", "st")


def programme_name(pledges: int, seed: int) -> str:
    return f"{MARKER} (N={pledges}, seed={seed})"


# The data set ---------------------------------------------------------------------


def generate(*, pledges: int = 300, seed: int = 1, today: datetime.date = TODAY):
    """One county's programme, actors, pledges and two rounds of reports, in bulk.
    Returns the county and its coordinator."""
    from django.contrib.auth.hashers import make_password

    from actors.models import Actor, County, CountyRole, Membership, User
    from actors.reference import read_csv
    from followup.models import MeasureReport, Notification, Report, Round
    from pledges.models import (
        EnvironmentalObjective,
        GlobalGoal,
        Measure,
        MeasureLink,
        Party,
        Pledge,
        Programme,
        ProgrammeMeasure,
        Theme,
    )

    unusable = make_password(None)
    rng = random.Random(seed)  # noqa: S311 (a fixture, not a secret)
    county = County.objects.get(code=COUNTY_CODE)
    tz = datetime.UTC

    def at(day: datetime.date) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=tz)

    programme = Programme.objects.create(
        county=county, name=programme_name(pledges, seed), start_year=2020, end_year=2030
    )
    themes = Theme.objects.bulk_create(
        Theme(programme=programme, name=f"Tema {t}", order=t) for t in range(1, 9)
    )
    pms = ProgrammeMeasure.objects.bulk_create(
        ProgrammeMeasure(theme=theme, number=f"{t}.{n}", title=f"Åtgärd {t}.{n}")
        for t, theme in enumerate(themes, start=1)
        for n in range(1, 13)
    )
    objectives = list(EnvironmentalObjective.objects.all())
    goals = list(GlobalGoal.objects.all())
    ObjectiveLink = ProgrammeMeasure.objectives.through
    GoalLink = ProgrammeMeasure.global_goals.through
    ObjectiveLink.objects.bulk_create(
        ObjectiveLink(programmemeasure=pm, environmentalobjective=o)
        for pm in pms
        for o in rng.sample(objectives, rng.randint(0, 3))
    )
    GoalLink.objects.bulk_create(
        GoalLink(programmemeasure=pm, globalgoal=g)
        for pm in pms
        for g in rng.sample(goals, rng.randint(0, 2))
    )
    # A few programme measures nobody will pledge to: coverage lists them first.
    unpledged = set(rng.sample(range(len(pms)), max(1, len(pms) // 12)))
    pledgeable = [pm for i, pm in enumerate(pms) if i not in unpledged]

    municipalities = [row["code"] for row in read_csv("kommuner-kronoberg.csv")]
    kinds = list(Actor.Kind.values)
    n_actors = max(len(kinds), pledges * 2 // 3)
    actors = Actor.objects.bulk_create(
        Actor(
            county=county,
            name=f"Benchmarkaktör {i:04d}",
            slug=f"bench-aktor-{i:04d}",
            kind=kinds[i % len(kinds)],
            municipality=municipalities[i % len(municipalities)] if i % 5 else "",
        )
        for i in range(n_actors)
    )
    users = User.objects.bulk_create(
        User(email=f"bench-{i:04d}@example.invalid", password=unusable) for i in range(n_actors)
    )
    # Every actor but one in seven has a representative.
    Membership.objects.bulk_create(
        Membership(user=user, actor=actor, role=Membership.Role.EDITOR)
        for i, (user, actor) in enumerate(zip(users, actors, strict=True))
        if i % 7
    )
    coordinator = User.objects.create(email="bench-coordinator@example.invalid", password=unusable)
    CountyRole.objects.create(user=coordinator, county=county, role=CountyRole.Role.COORDINATOR)

    S = Pledge.Status
    # Mostly signed or concluded, as a county's pledges are; every status present.
    weights = {
        S.DRAFT: 1,
        S.IN_REVIEW: 1,
        S.APPROVED: 1,
        S.SIGNED: 10,
        S.CONCLUDED: 4,
        S.WITHDRAWN: 1,
    }
    statuses = list(S.values)
    pledge_rows = []
    for i in range(pledges):
        if i < len(statuses):
            status = statuses[i]
        else:
            status = rng.choices(list(weights), weights=list(weights.values()))[0]
        start = rng.randint(2021, 2026)
        signed = at(datetime.date(start, rng.randint(1, 12), rng.randint(1, 28)))
        signed = min(signed, at(today - datetime.timedelta(days=1)))
        stamps = {}
        if status in (S.APPROVED, S.SIGNED, S.CONCLUDED, S.WITHDRAWN):
            stamps["approved_at"] = signed - datetime.timedelta(days=10)
        if status in (S.SIGNED, S.CONCLUDED, S.WITHDRAWN):
            stamps["signed_at"] = signed
        if status == S.CONCLUDED:
            stamps["concluded_at"] = at(today - datetime.timedelta(days=30))
        if status == S.WITHDRAWN:
            stamps["withdrawn_at"] = at(today - datetime.timedelta(days=60))
        pledge_rows.append(
            Pledge(
                county=county,
                actor=actors[i % n_actors],
                slug=f"bench-lofte-{i:05d}",
                start_year=start,
                end_year=start + rng.randint(0, 4),
                status=status,
                **stamps,
            )
        )
    pledge_objs = Pledge.objects.bulk_create(pledge_rows)

    measure_rows = []
    for pledge in pledge_objs:
        for order in range(1, rng.randint(3, 10) + 1):
            unit = rng.choice(UNITS) if rng.random() < 0.3 else ""
            measure_rows.append(
                Measure(
                    pledge=pledge,
                    party=Party.ACTOR,
                    order=order,
                    text=f"Åtgärd {order}",
                    indicator_unit=unit,
                )
            )
        for order in (1, 2):
            measure_rows.append(
                Measure(pledge=pledge, party=Party.BOARD, order=order, text=f"Åtagande {order}")
            )
    measures = Measure.objects.bulk_create(measure_rows)
    link_rows = []
    for measure in measures:
        if measure.party == Party.ACTOR and rng.random() < 0.05:
            continue  # a measure without a programme link (data quality)
        for k, pm in enumerate(rng.sample(pledgeable, rng.randint(1, 3))):
            link_rows.append(
                MeasureLink(measure=measure, programme_measure=pm, is_primary=k == 0, order=k)
            )
    MeasureLink.objects.bulk_create(link_rows)

    halfway = Round.objects.create(
        county=county,
        title="Halvtidsuppföljning 2025",
        kind=Round.Kind.HALFWAY,
        opens=datetime.date(2025, 4, 1),
        due=datetime.date(2025, 6, 30),
    )
    final = Round.objects.create(
        county=county,
        title="Uppföljning 2026",
        kind=Round.Kind.ANNUAL,
        opens=datetime.date(2026, 2, 1),
        due=datetime.date(2026, 3, 31),
    )
    R = Report.Status
    M = MeasureReport.Status
    measures_of = defaultdict(list)
    for measure in measures:
        measures_of[measure.pledge_id].append(measure)
    followed = [p for p in pledge_objs if p.status in (S.SIGNED, S.CONCLUDED, S.WITHDRAWN)]
    report_rows = []
    for pledge in followed:
        if rng.random() < 0.08:
            continue  # signed without any follow-up (data quality)
        for rnd, accepted_share in ((halfway, 0.75), (final, 0.55)):
            state = (
                R.ACCEPTED
                if rng.random() < accepted_share
                else rng.choice([R.NOT_STARTED, R.DRAFT, R.SUBMITTED, R.CHANGES_REQUESTED])
            )
            submitted = state in (R.SUBMITTED, R.CHANGES_REQUESTED, R.ACCEPTED)
            reviewed = state in (R.CHANGES_REQUESTED, R.ACCEPTED)
            report_rows.append(
                Report(
                    round=rnd,
                    pledge=pledge,
                    status=state,
                    submitted_at=at(rnd.due) if submitted else None,
                    reviewed_at=at(rnd.due + datetime.timedelta(days=14)) if reviewed else None,
                )
            )
    reports = Report.objects.bulk_create(report_rows)
    Notification.objects.bulk_create(
        Notification(
            round_id=report.round_id,
            report=report,
            kind=Notification.Kind.INVITATION,
            key="invitation",
            sent_on=datetime.date(2025, 4, 1),
        )
        for report in reports
        if rng.random() < 0.9
    )
    steps = [M.NOT_STARTED, M.STARTED, M.HALF, M.DONE, M.NOT_RELEVANT]
    last_status = {}
    mr_rows = []
    for report in sorted(reports, key=lambda r: r.round_id):
        for measure in measures_of[report.pledge_id]:
            status = ""
            if report.status != R.NOT_STARTED and (report.status != R.DRAFT or rng.random() < 0.5):
                before = last_status.get(measure.pk)
                if before and rng.random() < 0.4:
                    status = before  # the same status twice: stalled unless settled
                else:
                    status = rng.choices(steps, weights=[2, 3, 2, 3, 1])[0]
                if report.status == R.ACCEPTED:
                    last_status[measure.pk] = status
            evidence = status == M.DONE and rng.random() < 0.6
            value = None
            if measure.indicator_unit and status and rng.random() < 0.8:
                value = Decimal(rng.randint(0, 500_000)) / 100
            mr_rows.append(
                MeasureReport(
                    report=report,
                    measure=measure,
                    status=status,
                    comment="Inte längre aktuell." if status == M.NOT_RELEVANT else "",
                    evidence_url="https://example.invalid/underlag" if evidence else "",
                    verification=(
                        MeasureReport.Verification.EVIDENCE
                        if evidence
                        else MeasureReport.Verification.SELF
                    ),
                    indicator_value=value,
                )
            )
    MeasureReport.objects.bulk_create(mr_rows, batch_size=2000)
    return county, coordinator


# The dashboard's figures, as plain values -------------------------------------------


def _plain(table) -> dict:
    return {key: dict(counts) for key, counts in table.items()}


def dashboard_figures(county, today: datetime.date = TODAY) -> dict:
    """followup.dashboard.county_dashboard with no filter, read into plain values."""
    from followup import dashboard

    data = dashboard.county_dashboard(county, dashboard.Filters(), today)
    p, m, b, c, q = data.pledges, data.measures, data.between, data.completion, data.quality
    counts = ("asked", "owed", "invited", "not_started", "draft", "submitted")
    counts += ("changes_requested", "accepted")
    return {
        "pledges": {
            "by_status": {value: n for value, _label, n in p["by_status"]},
            "by_start_year": dict(p["by_start_year"]),
            "by_kind": dict(p["by_kind"]),
            "by_municipality": dict(p["by_municipality"]),
            "total": p["total"],
            "signed_this_year": p["signed_this_year"],
            "ending_this_year": p["ending_this_year"],
        },
        "measures": {
            "actor": dict(m["actor"]),
            "board": dict(m["board"]),
            **{
                key: _plain(m[key])
                for key in ("by_theme", "by_programme_measure", "by_objective", "by_goal")
            },
            "by_kind": _plain(m["by_kind"]),
        },
        "coverage": [
            (pm.pk, pm.actors, pm.pledges, pm.primary_pledges, pm.other_pledges, pm.measures)
            for pm in data.coverage
        ],
        "between": {
            "table": b["table"],
            "stalled": [measure.pk for measure in b["stalled"]],
            "total": b["total"],
        },
        "completion": {
            "rounds": [(r.pk, *(getattr(r, key) for key in counts)) for r in c["rounds"]],
            "late": [report.pk for report in c["late"]],
        },
        "indicators": [(row["indicator_unit"], row["total"], row["n"]) for row in data.indicators],
        "quality": {
            "pledges_without_followup": [pl.pk for pl in q["pledges_without_followup"]],
            "measures_without_link": q["measures_without_link"],
            "accepted_without_evidence": q["accepted_without_evidence"],
            "actors_without_representative": [a.pk for a in q["actors_without_representative"]],
        },
    }


# The same figures, by hand --------------------------------------------------------

# Written out in the SQL below: Pledge.PUBLISHED_STATUSES is ('signed', 'concluded'),
# followup.lateness.OUTSTANDING ('not_started', 'draft', 'changes_requested').
# The county's measures of published pledges, each with its latest and previous
# accepted status, the latest accepted value and whether that report has evidence.
MEASURES = """
WITH scope AS (
    SELECT me.id, me.party, me.pledge_id, me."order", me.indicator_unit, a.kind, a.name
    FROM pledges_measure me
    JOIN pledges_pledge p ON p.id = me.pledge_id
    JOIN actors_actor a ON a.id = p.actor_id
    WHERE p.county_id = %(county)s AND p.status IN ('signed', 'concluded')
),
ranked AS (
    SELECT mr.measure_id, mr.status, mr.indicator_value,
           mr.evidence_file = '' AND mr.evidence_url = '' AS no_evidence,
           row_number() OVER (
               PARTITION BY mr.measure_id ORDER BY ro.due DESC, r.round_id DESC
           ) AS k
    FROM followup_measurereport mr
    JOIN followup_report r ON r.id = mr.report_id AND r.status = 'accepted'
    JOIN followup_round ro ON ro.id = r.round_id
    WHERE mr.measure_id IN (SELECT id FROM scope)
),
m AS (
    SELECT s.*, COALESCE(NULLIF(l.status, ''), 'none') AS latest, l.status AS latest_raw,
           pr.status AS previous, l.indicator_value AS latest_value, l.no_evidence
    FROM scope s
    LEFT JOIN ranked l ON l.measure_id = s.id AND l.k = 1
    LEFT JOIN ranked pr ON pr.measure_id = s.id AND pr.k = 2
)
"""

# One query per figure family.
SQL = {
    "pledges": """
        SELECT GROUPING(p.status) = 0 AS by_status, GROUPING(p.start_year) = 0 AS by_year,
               GROUPING(a.kind) = 0 AS by_kind, GROUPING(a.municipality) = 0 AS by_muni,
               p.status, p.start_year, a.kind, a.municipality,
               count(*) FILTER (WHERE p.status IN ('signed', 'concluded')) AS published,
               count(*) AS n,
               count(*) FILTER (
                   WHERE p.status IN ('signed', 'concluded')
                   AND date_part('year', p.signed_at AT TIME ZONE %(tz)s) = %(year)s
               ) AS signed_this_year,
               count(*) FILTER (
                   WHERE p.status IN ('signed', 'concluded') AND p.end_year = %(year)s
               ) AS ending_this_year
        FROM pledges_pledge p JOIN actors_actor a ON a.id = p.actor_id
        WHERE p.county_id = %(county)s
        GROUP BY GROUPING SETS ((p.status), (p.start_year), (a.kind), (a.municipality), ())
    """,
    "measures": """
        SELECT 'party', m.party, m.latest, count(*) FROM m GROUP BY m.party, m.latest
        UNION ALL
        SELECT 'kind', m.kind, m.latest, count(*) FROM m
        WHERE m.party = 'actor' GROUP BY m.kind, m.latest
        UNION ALL
        SELECT g.family, g.key, m.latest, count(DISTINCT m.id)
        FROM m
        JOIN pledges_measurelink l ON l.measure_id = m.id
        JOIN pledges_programmemeasure pm ON pm.id = l.programme_measure_id
        CROSS JOIN LATERAL (
            SELECT 'theme', pm.theme_id::text
            UNION ALL SELECT 'pm', pm.id::text
            UNION ALL SELECT 'objective', o.environmentalobjective_id::text
                FROM pledges_programmemeasure_objectives o WHERE o.programmemeasure_id = pm.id
            UNION ALL SELECT 'goal', gg.globalgoal_id::text
                FROM pledges_programmemeasure_global_goals gg WHERE gg.programmemeasure_id = pm.id
        ) AS g(family, key)
        WHERE m.party = 'actor'
        GROUP BY g.family, g.key, m.latest
    """,
    "coverage": """
        SELECT pm.id,
               count(DISTINCT p.actor_id), count(DISTINCT p.id),
               count(DISTINCT p.id) FILTER (WHERE l.is_primary),
               count(DISTINCT p.id) FILTER (WHERE NOT l.is_primary),
               count(DISTINCT me.id) FILTER (WHERE p.id IS NOT NULL)
        FROM pledges_programmemeasure pm
        JOIN pledges_theme t ON t.id = pm.theme_id
        JOIN pledges_programme pg ON pg.id = t.programme_id
        LEFT JOIN pledges_measurelink l ON l.programme_measure_id = pm.id
        LEFT JOIN pledges_measure me ON me.id = l.measure_id AND me.party = 'actor'
        LEFT JOIN pledges_pledge p ON p.id = me.pledge_id AND p.status IN ('signed', 'concluded')
        WHERE pg.county_id = %(county)s
        GROUP BY pm.id, t."order", t.id
        ORDER BY count(DISTINCT p.id) > 0, t."order", t.id,
                 COALESCE(NULLIF(regexp_replace(pm.number, '[^0-9]', '', 'g'), '')::int, 0),
                 pm.number
    """,
    "between": """
        SELECT
            (SELECT json_agg(json_build_array(previous, latest_raw, n)) FROM (
                SELECT previous, latest_raw, count(*) AS n FROM m
                WHERE party = 'actor' AND previous IS NOT NULL AND latest_raw IS NOT NULL
                GROUP BY previous, latest_raw) t),
            (SELECT json_agg(id ORDER BY name, "order", id) FROM m
             WHERE party = 'actor' AND previous = latest_raw
             AND latest_raw NOT IN ('', 'done', 'not_relevant'))
    """,
    "completion": """
        SELECT
            (SELECT json_agg(json_build_array(
                        id, asked, owed, invited, not_started, draft, submitted,
                        changes_requested, accepted) ORDER BY due DESC, title)
             FROM (
                SELECT ro.id, ro.due, ro.title,
                       count(r.id) AS asked,
                       count(r.id) FILTER (
                           WHERE r.status IN ('not_started', 'draft', 'changes_requested')
                       ) AS owed,
                       count(r.id) FILTER (WHERE EXISTS (
                           SELECT 1 FROM followup_notification n
                           WHERE n.report_id = r.id AND n.kind = 'invitation')) AS invited,
                       count(r.id) FILTER (WHERE r.status = 'not_started') AS not_started,
                       count(r.id) FILTER (WHERE r.status = 'draft') AS draft,
                       count(r.id) FILTER (WHERE r.status = 'submitted') AS submitted,
                       count(r.id) FILTER (
                           WHERE r.status = 'changes_requested') AS changes_requested,
                       count(r.id) FILTER (WHERE r.status = 'accepted') AS accepted
                FROM followup_round ro
                LEFT JOIN (
                    followup_report r JOIN pledges_pledge p
                    ON p.id = r.pledge_id AND p.status IN ('signed', 'concluded')
                ) ON r.round_id = ro.id
                WHERE ro.county_id = %(county)s
                GROUP BY ro.id) counted),
            (SELECT json_agg(r.id ORDER BY ro.due, r.id)
             FROM followup_report r
             JOIN followup_round ro ON ro.id = r.round_id
             JOIN pledges_pledge p ON p.id = r.pledge_id
             WHERE ro.county_id = %(county)s
             AND r.status IN ('not_started', 'draft', 'changes_requested')
             AND p.status IN ('signed', 'concluded') AND ro.due < %(today)s)
    """,
    "indicators": """
        SELECT indicator_unit, sum(latest_value), count(*) FROM m
        WHERE indicator_unit <> '' AND latest_value IS NOT NULL
        GROUP BY indicator_unit ORDER BY indicator_unit
    """,
    "quality": """
        SELECT
            (SELECT json_agg(p.id ORDER BY a.name, p.id)
             FROM pledges_pledge p JOIN actors_actor a ON a.id = p.actor_id
             WHERE p.county_id = %(county)s AND p.status IN ('signed', 'concluded')
             AND NOT EXISTS (SELECT 1 FROM followup_report r WHERE r.pledge_id = p.id)),
            (SELECT count(*) FROM m WHERE party = 'actor' AND NOT EXISTS (
                SELECT 1 FROM pledges_measurelink l WHERE l.measure_id = m.id)),
            (SELECT count(*) FROM m WHERE no_evidence),
            (SELECT json_agg(a.id ORDER BY a.name, a.id) FROM actors_actor a
             WHERE a.county_id = %(county)s AND NOT EXISTS (
                SELECT 1 FROM actors_membership ms WHERE ms.actor_id = a.id))
    """,
}


# The families that read the measures' latest statuses (MEASURES, before their own).
ON_MEASURES = {"measures", "between", "indicators", "quality"}


def sql_figures(county, today: datetime.date = TODAY) -> dict:
    """The dashboard's figures, one cursor.execute per family."""
    from django.conf import settings
    from django.db import connection

    from followup.dashboard import STATUS_KEYS, STATUSES

    params = {"county": county.pk, "year": today.year, "today": today, "tz": settings.TIME_ZONE}
    with connection.cursor() as cursor:

        def run(family):
            query = SQL[family]
            cursor.execute(MEASURES + query if family in ON_MEASURES else query, params)
            return cursor.fetchall()

        pledges = {"by_status": {}, "by_start_year": {}, "by_kind": {}, "by_municipality": {}}
        for row in run("pledges"):
            by_status, by_year, by_kind, by_muni, status, year, kind, muni, published, n = row[:10]
            if by_status:
                pledges["by_status"][status] = n
            elif by_year and published:
                pledges["by_start_year"][year] = published
            elif by_kind and published:
                pledges["by_kind"][kind] = published
            elif by_muni and published:
                pledges["by_municipality"][muni] = published
            elif not (by_year or by_kind or by_muni):
                pledges.update(total=published, signed_this_year=row[10], ending_this_year=row[11])
        for status in pledges_statuses():
            pledges["by_status"].setdefault(status, 0)

        families = defaultdict(lambda: defaultdict(lambda: dict.fromkeys(STATUS_KEYS, 0)))
        for family, key, latest, n in run("measures"):
            families[family][key][latest] += n

        def keyed(family):
            return {int(key): dict(c) for key, c in families[family].items()}

        empty = dict.fromkeys(STATUS_KEYS, 0)
        measures = {
            "actor": dict(families["party"].get("actor", empty)),
            "board": dict(families["party"].get("board", empty)),
            "by_theme": keyed("theme"),
            "by_programme_measure": keyed("pm"),
            "by_objective": keyed("objective"),
            "by_goal": keyed("goal"),
            "by_kind": {key: dict(c) for key, c in families["kind"].items()},
        }

        coverage = [tuple(row) for row in run("coverage")]

        transitions, stalled = run("between")[0]
        table = {key: dict.fromkeys(STATUSES, 0) for key in STATUSES}
        for previous, latest, n in transitions or []:
            if previous in table and latest in table:
                table[previous][latest] += n
        between = {
            "table": table,
            "stalled": stalled or [],
            "total": sum(n for _p, _l, n in transitions or []),
        }

        rounds, late = run("completion")[0]
        completion = {"rounds": [tuple(r) for r in rounds or []], "late": late or []}

        indicators = [
            (unit, Decimal(total).quantize(Decimal("0.01")), n)
            for unit, total, n in run("indicators")
        ]

        no_followup, without_link, without_evidence, no_representative = run("quality")[0]
        quality = {
            "pledges_without_followup": no_followup or [],
            "measures_without_link": without_link,
            "accepted_without_evidence": without_evidence,
            "actors_without_representative": no_representative or [],
        }
    return {
        "pledges": pledges,
        "measures": measures,
        "coverage": coverage,
        "between": between,
        "completion": completion,
        "indicators": indicators,
        "quality": quality,
    }


def pledges_statuses():
    from pledges.models import Pledge

    return Pledge.Status.values


def differences(ours: dict, theirs: dict) -> list[str]:
    """The figure families in which the two differ, for the assertion's message."""
    return [key for key in ours if ours[key] != theirs.get(key)]


# The database of its own ----------------------------------------------------------


def prepare_database(url: str, *, pledges: int, seed: int, fresh: bool, force: bool) -> bool:
    """Make sure `url` is a migrated database holding this benchmark's data set for
    `pledges` and `seed`. Returns whether the data must be generated."""
    import psycopg
    from psycopg import sql

    parsed = psycopg.conninfo.conninfo_to_dict(url)
    name = parsed.get("dbname")
    admin = psycopg.conninfo.make_conninfo(url, dbname="postgres")

    def state() -> str:
        """'missing', 'empty', 'ours-same', 'ours-other' or 'foreign'."""
        try:
            connection = psycopg.connect(url)
        except psycopg.OperationalError as error:
            if "does not exist" in str(error):
                return "missing"
            raise
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('pledges_programme') IS NOT NULL")
            if not cursor.fetchone()[0]:
                cursor.execute(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                )
                return "empty" if cursor.fetchone()[0] == 0 else "foreign"
            cursor.execute("SELECT name FROM pledges_programme")
            names = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT (SELECT count(*) FROM actors_actor WHERE slug NOT LIKE 'bench-%%')"
                " + (SELECT count(*) FROM actors_user WHERE email NOT LIKE 'bench-%%')"
            )
            others = cursor.fetchone()[0]
            if others or any(not n.startswith(MARKER) for n in names):
                return "foreign"
            if not names:
                return "empty"
            return "ours-same" if names == [programme_name(pledges, seed)] else "ours-other"

    found = state()
    if found == "foreign" and not force:
        sys.exit(
            f"{name} holds data that is not this benchmark's; "
            "give another DATABASE_URL, or --force to drop it"
        )
    if found == "ours-same" and not fresh:
        return False
    if found != "missing":
        with psycopg.connect(admin, autocommit=True) as connection:
            drop = sql.SQL("DROP DATABASE {} WITH (FORCE)")
            connection.execute(drop.format(sql.Identifier(name)))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


# Timing ---------------------------------------------------------------------------


def median_seconds(functions, runs: int) -> list[float]:
    """The median time of each function, run in turn so that drift in the machine's
    load falls on all of them alike (as bench_pdf.py)."""
    for function in functions:
        function()
    times = [[] for _ in functions]
    for _ in range(runs):
        for function, spent in zip(functions, times, strict=True):
            start = time.perf_counter()
            function()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pledges", type=int, default=300, help="pledges (default 300)")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each (default 15)")
    parser.add_argument("--seed", type=int, default=1, help="the data set's seed (default 1)")
    parser.add_argument("--limit", type=float, default=2.0, help="largest ratio (default 2)")
    parser.add_argument("--no-page", action="store_true", help="do not time the whole page")
    parser.add_argument("--fresh", action="store_true", help="generate the data again")
    parser.add_argument(
        "--force", action="store_true", help="drop the database even if it holds other data"
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    url = os.environ.get("DATABASE_URL", "")
    # A development DATABASE_URL on SQLite (the default) is left alone: ours is PostgreSQL.
    os.environ["DATABASE_URL"] = url = url if url.startswith("postgres") else DEFAULT_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    must_generate = prepare_database(
        url, pledges=args.pledges, seed=args.seed, fresh=args.fresh, force=args.force
    )

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from actors.models import County, CountyRole

    if must_generate:
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        with transaction.atomic():
            generate(pledges=args.pledges, seed=args.seed)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"generated the data set in {time.perf_counter() - start:.1f} s")
    county = County.objects.get(code=COUNTY_CODE)
    coordinator = CountyRole.objects.get(county=county).user

    ours, theirs = dashboard_figures(county), sql_figures(county)
    assert ours == theirs, f"the figures differ in: {', '.join(differences(ours, theirs))}"

    functions = [lambda: dashboard_figures(county), lambda: sql_figures(county)]
    if not args.no_page:
        from django.test import Client
        from django.test.utils import override_settings, setup_test_environment
        from django.urls import reverse

        setup_test_environment()
        # As the tests do: the static files from the finders, no collectstatic manifest.
        override_settings(
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        ).enable()
        client = Client()
        client.force_login(coordinator)
        url_page = reverse("followup:dashboard", args=[county.slug])
        # The page's "today" is the real one; only its time is measured here.
        assert client.get(url_page).status_code == 200
        functions.append(lambda: client.get(url_page))

    medians = median_seconds(functions, args.runs)
    dashboard_median, sql_median = medians[:2]
    ratio = dashboard_median / sql_median
    counts = count_rows()
    print(
        f"{county.name}: {counts}; PostgreSQL {connection.pg_version // 10000}, "
        f"{platform.node()}, {args.runs} runs each, medians"
    )
    print(f"  {'dashboard (county_dashboard)':32} {dashboard_median * 1000:9.1f} ms")
    print(f"  {'hand-written SQL':32} {sql_median * 1000:9.1f} ms")
    if len(medians) > 2:
        print(f"  {'whole page (test client)':32} {medians[2] * 1000:9.1f} ms")
    print(f"  ratio dashboard / SQL: {ratio:.2f} (limit {args.limit:g})")
    if ratio > args.limit:
        sys.exit(f"the dashboard takes {ratio:.2f}× the hand-written SQL, above {args.limit:g}×")


def count_rows() -> str:
    from followup.models import MeasureReport, Report
    from pledges.models import Measure, MeasureLink, Pledge

    return ", ".join(
        f"{model.objects.count()} {label}"
        for model, label in (
            (Pledge, "pledges"),
            (Measure, "measures"),
            (MeasureLink, "programme links"),
            (Report, "reports"),
            (MeasureReport, "measure reports"),
        )
    )


if __name__ == "__main__":
    main()
