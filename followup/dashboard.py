"""The figures of the county board's dashboard and of the national view, as SQL aggregates.

Every figure family is one aggregate query (a GROUP BY, or conditional counts), so
a page is a fixed number of queries whatever the number of pledges (issue 16).

What counts:
- pledges by status: every pledge of the county, drafts included (the coordinator
  works on them); every other pledge figure counts published pledges (signed or
  concluded) only;
- a measure's *status* is its status in its latest accepted report (of a published
  pledge): drafts, reports under review or sent back never count. "As of a round"
  (the round filter) means the latest accepted report in a round due no later;
- the board's own commitments (Party.BOARD) are counted apart from the actors';
- indicator values are summed per unit, never across units, each sum with the
  number of measures it adds up.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Cast, Coalesce, Lead, RowNumber
from django.db.models.sql.constants import LOUTER
from django.utils import timezone
from django_cte import CTE, with_cte

from actors.models import Actor, County, Membership
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
    Theme,
)

from . import lateness
from .models import MeasureReport, Notification, Report, ReportEvent, Round

# The five steps of the scale, in the order the boards show them, then "not reported".
NOT_REPORTED = "none"
STATUSES = [value for value, _label in MeasureReport.Status.choices]
STATUS_KEYS = [*STATUSES, NOT_REPORTED]
CENTS = Decimal("0.01")
# Statuses a measure may keep twice without having stalled.
SETTLED = (MeasureReport.Status.DONE, MeasureReport.Status.NOT_RELEVANT)


@dataclass(frozen=True)
class Filters:
    """What the filter form chose; every part optional."""

    year: int | None = None
    round: Round | None = None
    theme: Theme | None = None
    kind: str = ""
    municipality: str = ""

    def query(self) -> dict:
        """The filters as GET parameters, for the links to the rows."""
        values = {
            "ar": self.year,
            "omgang": self.round.pk if self.round else None,
            "tema": self.theme.pk if self.theme else None,
            "typ": self.kind,
            "kommun": self.municipality,
        }
        return {key: value for key, value in values.items() if value}


def status_counts(rows, key="status") -> dict:
    """{status key: n} with every key present, from rows of (status, n)."""
    counts = dict.fromkeys(STATUS_KEYS, 0)
    for row in rows:
        counts[row[key] or NOT_REPORTED] += row["n"]
    return counts


# Scopes ---------------------------------------------------------------------------


def pledge_filter(filters: Filters, prefix="") -> Q:
    """The filters on pledges, as a Q over `prefix` + pledge fields."""
    lookups = {}
    if filters.year:
        lookups.update(start_year__lte=filters.year, end_year__gte=filters.year)
    if filters.kind:
        lookups["actor__kind"] = filters.kind
    if filters.municipality:
        lookups["actor__municipality"] = filters.municipality
    return Q(**{prefix + key: value for key, value in lookups.items()})


def prefixed(q: Q, prefix: str) -> Q:
    """`q` over the model reached through `prefix` ("reports__")."""
    result = Q(_connector=q.connector, _negated=q.negated)
    result.children = [
        prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
        for child in q.children
    ]
    return result


def pledges_in(counties, filters: Filters):
    """The counties' pledges the filters choose, in every status."""
    pledges = Pledge.objects.filter(county__in=counties).filter(pledge_filter(filters))
    if filters.theme:
        linked = MeasureLink.objects.filter(
            measure__pledge=OuterRef("pk"), programme_measure__theme=filters.theme
        )
        pledges = pledges.filter(Exists(linked))
    return pledges


def accepted_reports(filters: Filters, *, published=True):
    """The accepted measure reports of published pledges, as of the round filter.
    Reports of one measure are all of its pledge, so where the measure is already
    chosen among published pledges' (`published=False`) the pledge need not be read
    again."""
    reports = MeasureReport.objects.filter(report__status=Report.Status.ACCEPTED)
    if published:
        reports = reports.filter(report__pledge__status__in=Pledge.PUBLISHED_STATUSES)
    if filters.round:
        reports = reports.filter(report__round__due__lte=filters.round.due)
    return reports


def history(measure_ref, filters: Filters):
    """The accepted reports of the measure `measure_ref` (an OuterRef), latest first."""
    return (
        accepted_reports(filters, published=False)
        .filter(measure=measure_ref)
        .order_by("-report__round__due", "-report__round_id")
    )


def _latest_rows(filters: Filters, measures):
    """The latest accepted report of each of `measures` (a Measure QuerySet), with the
    status of the accepted report before it (`previous`, NULL for a first report):
    the accepted reports numbered by a window over each measure's, latest first, the
    first kept. The one definition of "latest" (the module's docstring); the window is
    computed once per query (an anti-join per figure, or nested EXISTS for the
    previous status, cost the dashboard three times the hand-written SQL:
    bench/bench_dashboard.py)."""
    order = (F("report__round__due").desc(), F("report__round_id").desc())
    window = {"partition_by": F("measure"), "order_by": order}
    return (
        accepted_reports(filters, published=False)
        .filter(measure__in=measures.values("pk"))
        .annotate(k=Window(RowNumber(), **window), previous=Window(Lead("status"), **window))
        .filter(k=1)
    )


def latest_cte(filters: Filters, measures) -> CTE:
    """`_latest_rows` as a common table expression named "latest" (measure_id, status,
    previous, indicator_value, bare: without evidence), for the figures that group
    by them: a database groups by a window's result only from a table of its own."""
    latest = (
        _latest_rows(filters, measures)
        .values("id", "measure_id", "status", "previous", "indicator_value")
        .annotate(bare=Q(evidence_file="", evidence_url=""))
        .order_by()
    )
    return CTE(latest, name="latest")


def latest_accepted(filters: Filters, measures):
    """`_latest_rows` as MeasureReport objects, for a page that lists them or a filter
    that asks about them (the pledge page's statuses, the list's follow-up filter)."""
    return MeasureReport.objects.filter(pk__in=_latest_rows(filters, measures).values("id"))


def status_rows(filters: Filters, measures, *groups, distinct=False):
    """(groups…, latest status, n) for `measures`, grouped by the Measure fields
    `groups`: the reported ones and the never reported ones ("" as their status) in
    one query. `distinct` counts a measure once per group where a grouping joins."""
    latest = latest_cte(filters, measures)
    # One filter() each, before the grouping, so that it joins a link once (a second
    # filter() on a multi-valued relation would join it again).
    grouped = measures.filter(**{f"{group}__isnull": False for group in groups})
    counted = (
        latest.join(grouped, pk=latest.col.measure_id, _join_type=LOUTER)
        .annotate(latest=Coalesce(latest.col.status, Value("")))
        .values_list(*groups, "latest")
        .annotate(n=Count("pk", distinct=distinct))
        .order_by()
    )
    return [
        {**dict(zip(groups, row[:-2], strict=True)), "latest": row[-2], "n": row[-1]}
        for row in with_cte(latest, select=counted)
    ]


def measures_in(counties, filters: Filters, *, party=None, statuses=True):
    """The measures of the counties' published pledges the filters choose; with
    `statuses`, each with `latest` (its latest accepted status), `previous` (the one
    before), `latest_value` and `latest_report` — for listing a page of them, not for
    counting (the figures count through `status_rows`)."""
    measures = Measure.objects.filter(
        pledge__county__in=counties, pledge__status__in=Pledge.PUBLISHED_STATUSES
    ).filter(pledge_filter(filters, "pledge__"))
    if party:
        measures = measures.filter(party=party)
    if filters.theme:
        linked = MeasureLink.objects.filter(
            measure=OuterRef("pk"), programme_measure__theme=filters.theme
        )
        measures = measures.filter(Exists(linked))
    if not statuses:
        return measures
    reports = history(OuterRef("pk"), filters)
    return measures.annotate(
        latest=Subquery(reports.values("status")[:1]),
        previous=Subquery(reports.values("status")[1:2]),
        latest_value=Subquery(reports.values("indicator_value")[:1]),
        latest_report=Subquery(reports.values("pk")[:1]),
    )


def stalled(filters: Filters, measures):
    """(measure id, status) of those of `measures` whose last two accepted statuses are
    the same and neither done nor no longer relevant."""
    latest = latest_cte(filters, measures)
    kept = (
        latest.queryset()
        .filter(status=F("previous"))
        .exclude(status="")
        .exclude(status__in=SETTLED)
        .values_list("measure_id", "status")
        .order_by()
    )
    return with_cte(latest, select=kept)


def stalled_ids(filters: Filters, measures):
    """The ids of those of `measures` that stalled (`stalled`), for a subquery."""
    return stalled(filters, measures).values("measure_id")


# What the figures were computed from --------------------------------------------

# Every model a figure counts or names that keeps a history (simple_history writes a
# row for each save and delete through the ORM), and those whose changes are rows of
# their own: a status step is an event, an invitation a notification.
_HISTORIES = (
    County,
    Actor,
    Programme,
    ProgrammeMeasure,
    Pledge,
    Measure,
    MeasureLink,
    Round,
    Report,
    MeasureReport,
)
_APPENDED = (PledgeEvent, ReportEvent, Notification)
# Kept without a history: their number says when one comes or goes.
_COUNTED = (Membership, Theme)


def data_version() -> str:
    """A fingerprint of the data every dashboard counts, in one query of index look-ups:
    the newest history row of each model above, the newest event and notification, and
    the number of memberships and themes. Any save or delete through the ORM, and any
    status step, makes a new one. The dashboards keep their figures under it
    (views/dashboard.py), and for DASHBOARD_CACHE_SECONDS at most: a change made
    around the ORM (an UPDATE of many rows at once, an import) shows by then."""
    # Names of the portal's own tables and columns, quoted: nothing from a request.
    quote = connection.ops.quote_name
    newest = [(model.history.model, "history_id") for model in _HISTORIES]
    newest += [(model, "id") for model in _APPENDED]
    parts = [f"MAX({quote(column)}) FROM {quote(m._meta.db_table)}" for m, column in newest]
    parts += [f"COUNT(*) FROM {quote(model._meta.db_table)}" for model in _COUNTED]
    sql = "SELECT " + ", ".join(f"(SELECT {part})" for part in parts)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return ".".join(str(value or 0) for value in cursor.fetchone())


# The county dashboard -------------------------------------------------------------


def pledge_figures(counties, filters: Filters, today: datetime.date) -> dict:
    """Pledges by status (all), and published pledges by start year, actor kind and
    municipality; signed this year; ending this year. Five queries."""
    pledges = pledges_in(counties, filters)
    published = pledges.filter(status__in=Pledge.PUBLISHED_STATUSES)
    by_status = dict(pledges.values_list("status").annotate(n=Count("pk")).order_by())

    def grouped(field):
        return list(published.values_list(field).annotate(n=Count("pk")).order_by(field))

    totals = published.aggregate(
        total=Count("pk"),
        signed_this_year=Count("pk", filter=Q(signed_at__year=today.year)),
        ending_this_year=Count("pk", filter=Q(end_year=today.year)),
    )
    return {
        "by_status": [
            (value, label, by_status.get(value, 0)) for value, label in Pledge.Status.choices
        ],
        "by_start_year": grouped("start_year"),
        "by_kind": grouped("actor__kind"),
        "by_municipality": grouped("actor__municipality"),
        **totals,
        "year": today.year,
    }


def _status_table(rows, group_key):
    """{group: {status key: n}} from rows of (group, status, n)."""
    table = defaultdict(lambda: dict.fromkeys(STATUS_KEYS, 0))
    for row in rows:
        table[row[group_key]][row["latest"] or NOT_REPORTED] += row["n"]
    return table


# The groupings of the actors' measures, by the key the figures carry them under.
MEASURE_GROUPS = {
    "by_theme": "links__programme_measure__theme",
    "by_programme_measure": "links__programme_measure",
    "by_objective": "links__programme_measure__objectives",
    "by_goal": "links__programme_measure__global_goals",
    "by_kind": "pledge__actor__kind",
}


# The families whose groups are rows of another table (their keys are ids).
_ID_GROUPS = {"by_theme", "by_programme_measure", "by_objective", "by_goal"}


def measure_figures(counties, filters: Filters, groups=tuple(MEASURE_GROUPS)) -> dict:
    """Measures by latest accepted status: the actors' and the board's apart, and the
    actors' by theme, programme measure, objective, global goal and actor kind (`groups`
    chooses which). One query: each family a GROUP BY of its own, all of them over one
    "latest" (UNION ALL), which the database computes once. A measure linked to two
    themes counts in both."""
    measures = measures_in(counties, filters, statuses=False)
    actors = measures.filter(party=Party.ACTOR)
    latest = latest_cte(filters, measures)

    def family(name, chosen, field, distinct):
        grouped = chosen.filter(**{f"{field}__isnull": False})
        return (
            latest.join(grouped, pk=latest.col.measure_id, _join_type=LOUTER)
            .annotate(
                family=Value(name, output_field=CharField()),
                key=Cast(field, CharField()),
                latest=Coalesce(latest.col.status, Value("")),
            )
            .values_list("family", "key", "latest")
            .annotate(n=Count("pk", distinct=distinct))
            .order_by()
        )

    parts = [family("party", measures, "party", False)]
    parts += [family(key, actors, MEASURE_GROUPS[key], True) for key in groups]
    tables = {name: _status_table([], "key") for name in ("party", *groups)}
    for name, key, status, n in with_cte(latest, select=parts[0].union(*parts[1:], all=True)):
        tables[name][int(key) if name in _ID_GROUPS else key][status or NOT_REPORTED] += n
    overall = tables.pop("party")
    return {"actor": overall[Party.ACTOR], "board": overall[Party.BOARD], **tables}


def coverage(counties, filters: Filters) -> list:
    """Every measure of the counties' programmes, with the number of actors and pledges
    whose published measures serve it (primary links and other links apart); the ones
    nobody has pledged to first. One query."""
    published = Q(
        links__measure__pledge__status__in=Pledge.PUBLISHED_STATUSES,
        links__measure__party=Party.ACTOR,
    ) & pledge_filter(filters, "links__measure__pledge__")
    primary = published & Q(links__is_primary=True)
    other = published & Q(links__is_primary=False)
    measures = ProgrammeMeasure.objects.filter(theme__programme__county__in=counties)
    if filters.theme:
        measures = measures.filter(theme=filters.theme)
    measures = measures.select_related("theme__programme").annotate(
        actors=Count("links__measure__pledge__actor", filter=published, distinct=True),
        pledges=Count("links__measure__pledge", filter=published, distinct=True),
        primary_pledges=Count("links__measure__pledge", filter=primary, distinct=True),
        other_pledges=Count("links__measure__pledge", filter=other, distinct=True),
        measures=Count("links__measure", filter=published, distinct=True),
    )
    rows = list(measures)
    rows.sort(key=lambda pm: (pm.pledges > 0, pm.theme.order, pm.theme_id, _number_key(pm)))
    return rows


def _number_key(pm):
    digits = "".join(c for c in pm.number if c.isdigit())
    return (int(digits) if digits else 0, pm.number)


def between_rounds(counties, filters: Filters) -> dict:
    """Measures of the actors with two accepted reports: previous status → latest status
    (one query), and the measures that stalled (the same status twice, neither done nor
    no longer relevant; one query)."""
    measures = measures_in(counties, filters, party=Party.ACTOR, statuses=False)
    latest = latest_cte(filters, measures)
    pairs = (
        latest.queryset()
        .filter(previous__isnull=False)
        .values_list("previous", "status")
        .annotate(n=Count("measure_id"))
        .order_by()
    )
    table = {key: dict.fromkeys(STATUSES, 0) for key in STATUSES}
    total = 0
    for previous, status, n in with_cte(latest, select=pairs):
        total += n
        if previous in table and status in table:
            table[previous][status] += n
    # The stalled measures by name, with the status they kept.
    kept = dict(stalled(filters, measures))
    stalled_measures = list(
        Measure.objects.filter(pk__in=list(kept))
        .select_related("pledge__actor")
        .order_by("pledge__actor__name", "order", "pk")
    )
    for measure in stalled_measures:
        measure.latest = measure.previous = kept[measure.pk]
    return {"table": table, "stalled": stalled_measures, "total": total}


def completion(counties, filters: Filters, today: datetime.date) -> dict:
    """Per round: reports asked, still owed, invited, in each status, and late (one
    query); and the late reports by name (one query). Owed and late are
    followup/lateness.py's definitions."""
    rounds = Round.objects.filter(county__in=counties)
    if filters.round:
        rounds = rounds.filter(pk=filters.round.pk)
    in_pledge = Q(reports__pledge__status__in=Pledge.PUBLISHED_STATUSES) & pledge_filter(
        filters, "reports__pledge__"
    )

    def counted(q=None):
        return Count("reports", filter=in_pledge & (q or Q()), distinct=True)

    owed = prefixed(lateness.OWED, "reports__")
    S = Report.Status
    rounds = rounds.select_related("county").annotate(
        asked=counted(),
        owed=counted(owed),
        invited=counted(Q(reports__notifications__kind=Notification.Kind.INVITATION)),
        not_started=counted(Q(reports__status=S.NOT_STARTED)),
        draft=counted(Q(reports__status=S.DRAFT)),
        submitted=counted(Q(reports__status=S.SUBMITTED)),
        changes_requested=counted(Q(reports__status=S.CHANGES_REQUESTED)),
        accepted=counted(Q(reports__status=S.ACCEPTED)),
    )
    rows = list(rounds.order_by("-due", "title"))
    late = Report.objects.filter(round__in=[r.pk for r in rows]).filter(lateness.late_q(today))
    late = late.filter(pledge_filter(filters, "pledge__"))
    late = list(late.select_related("round", "pledge__actor").order_by("round__due", "pk"))
    late_by_round = defaultdict(list)
    for report in late:
        late_by_round[report.round_id].append(report)
    for row in rows:
        row.late = late_by_round.get(row.pk, [])
    return {"rounds": rows, "late": late}


def indicators(counties, filters: Filters) -> list:
    """The latest accepted indicator values summed per unit, with the number of measures
    behind each sum. One query."""
    measures = measures_in(counties, filters, statuses=False).exclude(indicator_unit="")
    latest = latest_cte(filters, measures)
    summed = (
        latest.join(measures, pk=latest.col.measure_id)
        .annotate(value=latest.col.indicator_value)
        .filter(value__isnull=False)
        .values_list("indicator_unit")
        .annotate(total=Sum("value"), n=Count("pk"))
        .order_by("indicator_unit")
    )
    rows = with_cte(latest, select=summed)
    # The database's sum has the field's two decimals, or none (SQLite): always two.
    return [
        {"indicator_unit": unit, "total": Decimal(total).quantize(CENTS), "n": n}
        for unit, total, n in rows
    ]


def data_quality(counties, filters: Filters) -> dict:
    """Four things a coordinator would want none of: the pledges and actors by name, the
    measures counted (the rows page lists them). One query each."""
    pledges = pledges_in(counties, filters).filter(status__in=Pledge.PUBLISHED_STATUSES)
    reported = Report.objects.filter(pledge=OuterRef("pk"))
    measures = measures_in(counties, filters, party=Party.ACTOR, statuses=False)
    linked = MeasureLink.objects.filter(measure=OuterRef("pk"))
    actors = Actor.objects.filter(county__in=counties)
    if filters.kind:
        actors = actors.filter(kind=filters.kind)
    if filters.municipality:
        actors = actors.filter(municipality=filters.municipality)
    members = Membership.objects.filter(actor=OuterRef("pk"))
    latest = latest_cte(filters, measures_in(counties, filters, statuses=False))
    without_evidence = with_cte(latest, select=latest.queryset().filter(bare=True).order_by())
    return {
        "pledges_without_followup": list(
            pledges.filter(~Exists(reported)).select_related("actor").order_by("actor__name", "pk")
        ),
        "measures_without_link": measures.filter(~Exists(linked)).count(),
        "accepted_without_evidence": without_evidence.count(),
        "actors_without_representative": list(
            actors.filter(~Exists(members)).order_by("name", "pk")
        ),
    }


# What the figures link to: the rows behind them ------------------------------------

# The selections a figure's link may ask for (the rows page's `urval`).
SELECTIONS = ("utan-koppling", "utan-underlag", "stillastaende")


def rows(
    counties,
    filters: Filters,
    *,
    status="",
    party="",
    theme=None,
    programme_measure=None,
    objective=None,
    goal=None,
    kind="",
    unit="",
    previous="",
    selection="",
):
    """The measures behind a figure, each with its latest and previous accepted status:
    the same scope and the same definitions as the figure they are counted in."""
    measures = measures_in(counties, filters, party=party or None)
    scope = measures_in(counties, filters, party=party or None, statuses=False)
    latest = latest_cte(filters, scope)

    def latest_where(**conditions):
        chosen = latest.queryset().filter(**conditions).values("measure_id").order_by()
        return with_cte(latest, select=chosen)

    if status == NOT_REPORTED:
        measures = measures.exclude(pk__in=latest_where(status__gt=""))
    elif status:
        measures = measures.filter(pk__in=latest_where(status=status))
    if previous:
        measures = measures.filter(pk__in=latest_where(previous=previous))
    links = {}
    if theme:
        links["programme_measure__theme"] = theme
    if programme_measure:
        links["programme_measure"] = programme_measure
    if objective:
        links["programme_measure__objectives"] = objective
    if goal:
        links["programme_measure__global_goals"] = goal
    if links:
        measures = measures.filter(
            Exists(MeasureLink.objects.filter(measure=OuterRef("pk"), **links))
        )
    if kind:
        measures = measures.filter(pledge__actor__kind=kind)
    if unit:
        valued = latest_where(indicator_value__isnull=False)
        measures = measures.filter(indicator_unit=unit, pk__in=valued)
    if selection == "utan-koppling":
        measures = measures.filter(~Exists(MeasureLink.objects.filter(measure=OuterRef("pk"))))
    elif selection == "utan-underlag":
        measures = measures.filter(pk__in=latest_where(bare=True))
    elif selection == "stillastaende":
        measures = measures.filter(pk__in=stalled_ids(filters, scope))
    return measures.select_related("pledge__actor", "pledge__county").order_by(
        "pledge__actor__name", "pledge__start_year", "party", "order", "pk"
    )


@dataclass
class Dashboard:
    county: County
    filters: Filters
    today: datetime.date
    pledges: dict = field(default_factory=dict)
    measures: dict = field(default_factory=dict)
    coverage: list = field(default_factory=list)
    between: dict = field(default_factory=dict)
    completion: dict = field(default_factory=dict)
    indicators: list = field(default_factory=list)
    quality: dict = field(default_factory=dict)
    themes: dict = field(default_factory=dict)
    objectives: dict = field(default_factory=dict)
    goals: dict = field(default_factory=dict)


def county_dashboard(county: County, filters: Filters, today=None) -> Dashboard:
    """Every figure of the county's dashboard, in a fixed number of queries."""
    today = today or timezone.localdate()
    counties = [county.pk]
    return Dashboard(
        county=county,
        filters=filters,
        today=today,
        pledges=pledge_figures(counties, filters, today),
        measures=measure_figures(counties, filters),
        coverage=coverage(counties, filters),
        between=between_rounds(counties, filters),
        completion=completion(counties, filters, today),
        indicators=indicators(counties, filters),
        quality=data_quality(counties, filters),
        themes={t.pk: t for t in Theme.objects.filter(programme__county=county)},
        objectives={o.pk: o for o in EnvironmentalObjective.objects.all()},
        goals={g.pk: g for g in GlobalGoal.objects.all()},
    )


# The national view ----------------------------------------------------------------


def national_figures(filters: Filters, today=None) -> dict:
    """The same figures per county side by side and for the country, compared through
    the shared code lists (objectives, global goals). A fixed number of queries."""
    today = today or timezone.localdate()
    counties = County.objects.all()
    pledges = Pledge.objects.filter(pledge_filter(filters)).filter(
        status__in=Pledge.PUBLISHED_STATUSES
    )
    pledge_rows = {
        row["county"]: row
        for row in pledges.values("county")
        .annotate(pledges=Count("pk"), actors=Count("actor", distinct=True))
        .order_by()
    }
    measures = measures_in(counties, filters, statuses=False)
    actor_status = defaultdict(lambda: dict.fromkeys(STATUS_KEYS, 0))
    board_status = defaultdict(lambda: dict.fromkeys(STATUS_KEYS, 0))
    for row in status_rows(filters, measures, "pledge__county", "party"):
        target = actor_status if row["party"] == Party.ACTOR else board_status
        target[row["pledge__county"]][row["latest"] or NOT_REPORTED] += row["n"]
    served = MeasureLink.objects.filter(
        programme_measure=OuterRef("pk"),
        measure__party=Party.ACTOR,
        measure__pledge__status__in=Pledge.PUBLISHED_STATUSES,
    ).filter(pledge_filter(filters, "measure__pledge__"))
    coverage_rows = {
        row["theme__programme__county"]: row
        for row in ProgrammeMeasure.objects.annotate(served=Exists(served))
        .values("theme__programme__county")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(served=True)))
        .order_by()
    }
    late_rows = dict(
        Report.objects.filter(lateness.late_q(today))
        .filter(pledge_filter(filters, "pledge__"))
        .values_list("round__county")
        .annotate(n=Count("pk"))
        .order_by()
    )
    actors = measures.filter(party=Party.ACTOR)

    def by(field):
        table = defaultdict(lambda: defaultdict(lambda: dict.fromkeys(STATUS_KEYS, 0)))
        for row in status_rows(filters, actors, field, "pledge__county", distinct=True):
            table[row[field]][row["pledge__county"]][row["latest"] or NOT_REPORTED] += row["n"]
        return table

    by_objective = by("links__programme_measure__objectives")
    by_goal = by("links__programme_measure__global_goals")
    present = (set(pledge_rows) | set(coverage_rows) | set(actor_status) | set(board_status)) - {
        None
    }
    rows = []
    for county in counties:
        if county.pk not in present:
            continue
        rows.append(
            {
                "county": county,
                "pledges": pledge_rows.get(county.pk, {}).get("pledges", 0),
                "actors": pledge_rows.get(county.pk, {}).get("actors", 0),
                "statuses": actor_status[county.pk],
                "board": board_status[county.pk],
                "programme_measures": coverage_rows.get(county.pk, {}).get("total", 0),
                "covered": coverage_rows.get(county.pk, {}).get("covered", 0),
                "late": late_rows.get(county.pk, 0),
            }
        )
    totals = {
        "pledges": sum(r["pledges"] for r in rows),
        "actors": sum(r["actors"] for r in rows),
        "statuses": {k: sum(r["statuses"][k] for r in rows) for k in STATUS_KEYS},
        "board": {k: sum(r["board"][k] for r in rows) for k in STATUS_KEYS},
        "programme_measures": sum(r["programme_measures"] for r in rows),
        "covered": sum(r["covered"] for r in rows),
        "late": sum(r["late"] for r in rows),
    }
    return {
        "rows": rows,
        "totals": totals,
        "counties": [r["county"] for r in rows],
        "by_objective": _code_rows(EnvironmentalObjective.objects.all(), by_objective, rows),
        "by_goal": _code_rows(GlobalGoal.objects.all(), by_goal, rows),
    }


def _code_rows(codes, table, county_rows):
    """One row per objective (or goal): measures per county and in all, with how many
    are done."""
    result = []
    for code in codes:
        per_county = table.get(code.pk, {})
        cells = []
        for row in county_rows:
            counts = per_county.get(row["county"].pk, dict.fromkeys(STATUS_KEYS, 0))
            cells.append((row["county"], sum(counts.values()), counts[MeasureReport.Status.DONE]))
        total = sum(c[1] for c in cells)
        done = sum(c[2] for c in cells)
        result.append({"code": code, "cells": cells, "total": total, "done": done})
    return result


# The county's public page -------------------------------------------------------


@dataclass
class PublicSummary:
    """The figures the county's public page shows: published pledges (signed or
    concluded) and accepted reports only, whatever a filter or a draft says."""

    county: County
    pledges: int
    actors: int
    measures: dict
    by_theme: dict
    coverage: list


def public_summary(county: County) -> PublicSummary:
    """How many published pledges, actors and measures; the actors' measures by theme
    and latest accepted status; the programme's coverage. Four queries.

    The same functions as the dashboard's, with no filter: they count published
    pledges and accepted reports only (`measures_in`, `coverage`), which is what the
    public may see (DESIGN.md: accepted reports are public, drafts never are)."""
    counties = [county.pk]
    filters = Filters()
    totals = Pledge.objects.filter(
        county__in=counties, status__in=Pledge.PUBLISHED_STATUSES
    ).aggregate(pledges=Count("pk"), actors=Count("actor", distinct=True))
    measures = measure_figures(counties, filters, groups=("by_theme",))
    return PublicSummary(
        county=county,
        pledges=totals["pledges"],
        actors=totals["actors"],
        measures=measures,
        by_theme=measures["by_theme"],
        coverage=coverage(counties, filters),
    )
