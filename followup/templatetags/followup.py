"""What follow-up shows on other apps' pages, without them importing it (DESIGN.md).

- `{% pledge_followup pledge %}` on the public pledge page;
- `{% followup_todo user as items %}` in the workspace's "Att göra";
- `{% county_summary county %}` on the county's public page;
- `{% accepted_statuses measures as statuses %}` and `{% followup_status statuses measure %}`
  on the pages of what pledges serve (a programme measure's): each measure's latest
  accepted status, read for all of them in one query.
"""

from django import template
from django.db.models import Q

from actors.models import Membership
from actors.rules import member_actor_ids, reach
from pledges.models import Measure, Pledge

from .. import charts, dashboard
from ..models import MeasureReport, Report

register = template.Library()


@register.inclusion_tag("followup/_pledge_followup.html")
def pledge_followup(pledge):
    """Each measure's accepted follow-up: the latest status and its history across rounds.

    Only accepted reports of published pledges: drafts and reports under review
    never reach the public page. One query, however many rounds and measures.
    """
    measure_reports = (
        MeasureReport.objects.published()
        .filter(report__pledge=pledge)
        .select_related("measure", "report__round")
        .order_by(
            "measure__party", "measure__order", "measure__pk", "report__round__due", "report__pk"
        )
    )
    measures = {}
    for mr in measure_reports:
        measures.setdefault(mr.measure_id, {"measure": mr.measure, "history": []})
        measures[mr.measure_id]["history"].append(mr)
    for item in measures.values():
        item["latest"] = item["history"][-1]
    return {"measures": list(measures.values())}


@register.simple_tag
def accepted_statuses(measures):
    """{measure id: its latest accepted MeasureReport, with its round} for `measures`
    (Measure objects a page has read). One query, however many: the dashboard's
    definition (followup.dashboard.latest_accepted), of published pledges only."""
    ids = [measure.pk for measure in measures]
    if not ids:
        return {}
    scope = Measure.objects.filter(pk__in=ids, pledge__status__in=Pledge.PUBLISHED_STATUSES)
    latest = dashboard.latest_accepted(dashboard.Filters(), scope).select_related("report__round")
    return {mr.measure_id: mr for mr in latest}


@register.inclusion_tag("followup/_status.html")
def followup_status(statuses, measure):
    """`measure`'s latest accepted status from `statuses` (accepted_statuses): no query."""
    return {"latest": statuses.get(measure.pk)}


@register.simple_tag
def followup_todo(user, limit=20):
    """The reports waiting for `user`: to fill in for their organisations, to review
    for their counties. Oldest due date first; one query."""
    if not user.is_authenticated:
        return []
    S = Report.Status
    to_write = Q(
        # Editors write the reports; the actor's signatories only read them.
        pledge__actor_id__in=member_actor_ids(user, Membership.Role.EDITOR),
        status__in=Report.CONTENT_STATUSES,
        round__opened_at__isnull=False,
    )
    to_review = Q(status=S.SUBMITTED) & reach(user, county="round__county_id")
    reports = (
        Report.objects.filter(to_write | to_review)
        .select_related("round", "pledge__actor")
        .order_by("round__due", "pledge__actor__name", "pk")[:limit]
    )
    return [{"report": report, "review": report.status == S.SUBMITTED} for report in reports]


@register.inclusion_tag("followup/_county_summary.html")
def county_summary(county):
    """The county's figures for the public: published pledges, actors and measures,
    the actors' measures by theme and latest accepted status (chart and table), and
    the programme's coverage theme by theme. Published pledges and accepted reports
    only (followup.dashboard.public_summary); nothing links to the workspace."""
    summary = dashboard.public_summary(county)
    statuses = charts.status_series()
    keys = [key for key, _label in statuses]

    def row(label, counts):
        return {
            "label": label,
            "cells": [counts[key] for key in keys],
            "total": sum(counts.values()),
        }

    # The dashboard puts what nobody pledged first; the public reads the programme in
    # order: the newest programme first, its themes in order, the measures by number.
    themes = {}
    for pm in sorted(summary.coverage, key=_programme_order):
        themes.setdefault(pm.theme_id, {"theme": pm.theme, "measures": []})
        themes[pm.theme_id]["measures"].append(pm)
    by_theme = [
        row(item["theme"].name, summary.by_theme[pk])
        for pk, item in themes.items()
        if pk in summary.by_theme
    ]
    covered = sum(1 for pm in summary.coverage if pm.pledges)
    chart_groups = [(r["label"], dict(zip(keys, r["cells"], strict=True))) for r in by_theme]
    return {
        "county": county,
        "summary": summary,
        "measures": sum(summary.measures["actor"].values()),
        "commitments": sum(summary.measures["board"].values()),
        "statuses": statuses,
        "by_theme": by_theme,
        "overall": row("", summary.measures["actor"]),
        "chart": charts.stacked(chart_groups, statuses) if by_theme else "",
        "legend": charts.legend(statuses),
        "patterns": charts.patterns(),
        "coverage": list(themes.values()),
        "programme_measures": len(summary.coverage),
        "covered": covered,
        "several_programmes": len({t["theme"].programme_id for t in themes.values()}) > 1,
    }


def _programme_order(pm):
    theme = pm.theme
    return (
        -theme.programme.start_year,
        theme.programme_id,
        theme.order,
        theme.pk,
        dashboard._number_key(pm),
    )


@register.inclusion_tag("followup/_good_examples.html")
def good_examples(theme=None, county=None, limit=6, heading_level=2):
    """The good examples the public sees (accepted reports, published pledges), newest
    first: all, a county's, or those serving `theme`. Two queries."""
    from ..models import GoodExample

    examples = GoodExample.objects.shown()
    if theme is not None:
        examples = examples.of_theme(theme)
    if county is not None:
        examples = examples.filter(
            Q(pledge__county=county) | Q(measure_report__report__pledge__county=county)
        )
    return {"examples": list(examples.for_cards()[:limit]), "heading_level": heading_level}


@register.inclusion_tag("followup/_good_example_controls.html", takes_context=True)
def good_example_controls(context, pledge):
    """On the pledge editor, for the coordinators of its county: mark the pledge or one of
    its accepted measure reports as a good example, or withdraw one."""
    from ..models import GoodExample

    user = context["request"].user
    if not pledge.is_published or not user.has_perm("followup.mark_good_example", pledge):
        return {"shown": False}
    marked = {
        (e.pledge_id, e.measure_report_id): e
        for e in GoodExample.objects.filter(
            Q(pledge=pledge) | Q(measure_report__report__pledge=pledge)
        )
    }
    reports = list(
        MeasureReport.objects.filter(report__pledge=pledge, report__status=Report.Status.ACCEPTED)
        .select_related("measure", "report__round")
        .order_by("report__round__due", "measure__party", "measure__order", "measure__pk")
    )
    for mr in reports:
        mr.example = marked.get((None, mr.pk))
    return {
        "shown": True,
        "pledge": pledge,
        "pledge_example": marked.get((pledge.pk, None)),
        "measure_reports": reports,
        "csrf_token": context.get("csrf_token"),
    }
