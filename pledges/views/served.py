"""The public pages of what pledges serve: a theme and a measure of a county's action
programme, an environmental objective and a global goal across counties.

Only published pledges (signed or concluded) and their actors' measures show: the
board's own commitments are counted apart everywhere else (followup/dashboard.py's
coverage), and a draft linked to a programme measure never appears. Each page is a
fixed number of queries: the links are read in one query and grouped here.
"""

from dataclasses import dataclass, field

from django.db.models.functions import Length
from django.shortcuts import get_object_or_404, render

from ..access import get_public_programme_measure, get_public_theme
from ..models import (
    EnvironmentalObjective,
    GlobalGoal,
    MeasureLink,
    Party,
    Pledge,
    ProgrammeMeasure,
)


def published_links():
    """The links of the actors' measures of published pledges."""
    return MeasureLink.objects.filter(
        measure__party=Party.ACTOR, measure__pledge__status__in=Pledge.PUBLISHED_STATUSES
    )


@dataclass
class Served:
    """A programme measure with the published pledges whose measures serve it."""

    programme_measure: ProgrammeMeasure
    pledges: list = field(default_factory=list)


def pledges_serving(programme_measures, links) -> list[Served]:
    """Each of `programme_measures` with the pledges of `links` (MeasureLinks with
    measure__pledge__actor read), each pledge once, those linked as primary first."""
    served = {pm.pk: Served(pm) for pm in programme_measures}
    seen = set()
    for link in sorted(links, key=lambda link: not link.is_primary):
        key = (link.programme_measure_id, link.measure.pledge_id)
        if link.programme_measure_id in served and key not in seen:
            seen.add(key)
            pledge = link.measure.pledge
            served[link.programme_measure_id].pledges.append((pledge, link.is_primary))
    return list(served.values())


def _link_order():
    return ("measure__pledge__actor__name", "measure__pledge__start_year", "measure__pledge_id")


def theme_page(request, slug, theme):
    """A theme of the county's programme: its measures, and the published pledges whose
    measures serve each."""
    theme = get_public_theme(slug, theme)
    programme_measures = list(theme.measures.all())
    links = (
        published_links()
        .filter(programme_measure__theme=theme)
        .select_related("measure__pledge__actor")
        .order_by(*_link_order())
    )
    rows = pledges_serving(programme_measures, links)
    return render(
        request,
        "pledges/served_theme.html",
        {
            "theme": theme,
            "programme": theme.programme,
            "county": theme.programme.county,
            "rows": rows,
            "pledge_count": len({p.pk for row in rows for p, _primary in row.pledges}),
        },
    )


def programme_measure_page(request, slug, pk):
    """A measure of the county's programme: its text, objectives and global goals, and
    the published pledges' measures that serve it, primary links first, each with its
    latest accepted follow-up status (followup's template tags)."""
    pm = get_public_programme_measure(slug, pk)
    links = list(
        published_links()
        .filter(programme_measure=pm)
        .select_related("measure__pledge__actor")
        .order_by("-is_primary", *_link_order(), "measure__order", "measure__pk")
    )
    pledges = {}
    for link in links:
        pledge = link.measure.pledge
        entry = pledges.setdefault(pledge.pk, {"pledge": pledge, "links": []})
        entry["links"].append(link)
    return render(
        request,
        "pledges/served_programme_measure.html",
        {
            "programme_measure": pm,
            "theme": pm.theme,
            "programme": pm.theme.programme,
            "county": pm.theme.programme.county,
            "objectives": list(pm.objectives.all()),
            "goals": list(pm.global_goals.all()),
            "pledges": list(pledges.values()),
            "measures": [link.measure for link in links],
        },
    )


def _across_counties(request, code, kind, relation):
    """An objective's or a goal's page: the programme measures serving it county by
    county, the published pledges behind them, and a count per county."""
    programme_measures = list(
        ProgrammeMeasure.objects.filter(**{relation: code})
        .select_related("theme__programme__county")
        .order_by(
            "theme__programme__county__code",
            "-theme__programme__start_year",
            "theme__programme_id",
            "theme__order",
            "theme_id",
            Length("number"),
            "number",
        )
    )
    links = (
        published_links()
        .filter(**{f"programme_measure__{relation}": code})
        .select_related("measure__pledge__actor")
        .order_by(*_link_order())
    )
    counties = {}
    for row in pledges_serving(programme_measures, links):
        county = row.programme_measure.theme.programme.county
        entry = counties.setdefault(
            county.pk, {"county": county, "rows": [], "served": 0, "pledges": set()}
        )
        entry["rows"].append(row)
        entry["served"] += bool(row.pledges)
        entry["pledges"].update(pledge.pk for pledge, _primary in row.pledges)
    for entry in counties.values():
        entry["pledge_count"] = len(entry["pledges"])
    return render(
        request,
        "pledges/served_code.html",
        {
            "code": code,
            "kind": kind,
            "counties": list(counties.values()),
            "pledge_count": len(set().union(*(c["pledges"] for c in counties.values()))),
        },
    )


def objective_page(request, number):
    """An environmental objective by its number (0 the generational goal, 1–16 as the
    Swedish objectives are numbered), across counties."""
    objective = get_object_or_404(EnvironmentalObjective, number=number)
    return _across_counties(request, objective, "objective", "objectives")


def goal_page(request, number):
    """A global goal by its number (1–17), across counties."""
    goal = get_object_or_404(GlobalGoal, number=number)
    return _across_counties(request, goal, "goal", "global_goals")
