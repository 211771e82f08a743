"""The county board's dashboard, the national view, and the rows behind their figures.

Coordinators (and national administrators) only: anyone else signed in is refused
(403), anonymous visitors are sent to the login page, and another county's
dashboard is a 404. The national view is read by every coordinator and the
national administrator. Every figure links to the rows it counts: pledges to the
workspace's pledge list, measures to the rows page here.
"""

import hashlib
import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from actors.decorators import coordinator_required
from actors.models import Actor, County
from actors.reference import municipality_names
from pledges.models import EnvironmentalObjective, GlobalGoal, Party, ProgrammeMeasure, Theme

from .. import charts, dashboard, dashboard_exports
from ..access import get_followup_county
from ..forms import DashboardFilterForm, DashboardRowsForm
from ..models import MeasureReport, Report, Round

ROWS_PAGE_SIZE = 50


def _url(name, args=(), **params):
    return _with_query(reverse(name, args=args), params)


def _with_query(url, params):
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


class Links:
    """The addresses of the rows behind the figures of one county's dashboard (hundreds
    of cells: each view's address is reversed once)."""

    def __init__(self, county, filters):
        self.county = county
        self.filters = filters
        self._workspace = reverse("workspace")
        self._rows = reverse("followup:dashboard_rows", args=[county.slug])
        self._query = filters.query()

    def pledges(self, **params):
        f = self.filters
        base = {
            "county": self.county.slug,
            "year": f.year,
            "kind": f.kind,
            "municipality": f.municipality,
            "theme": f.theme.pk if f.theme else None,
        }
        return _with_query(self._workspace, {**base, **params})

    def measures(self, **params):
        return _with_query(self._rows, {**self._query, **params})


def _status_row(label, counts, link, **params):
    """A table row: the label, a (n, address) cell per status and the total."""
    cells = [(counts[key], link(status=key, **params)) for key in dashboard.STATUS_KEYS]
    return {"label": label, "cells": cells, "total": (sum(counts.values()), link(**params))}


def _status_rows(table, names, link, param):
    """Rows of an actor-measure {group: counts} table, in the order of `names`
    ([(pk, label)])."""
    return [
        _status_row(label, table[pk], link, parti=Party.ACTOR, **{param: pk})
        for pk, label in names
        if pk in table
    ]


def filter_form(county, data):
    """The dashboard's filter form over `data` (the GET parameters), with the county's
    own choices."""
    rounds = list(Round.objects.filter(county=county).order_by("-due", "title"))
    themes = list(
        Theme.objects.filter(programme__county=county).order_by("programme", "order", "pk")
    )
    names = municipality_names()
    codes = (
        Actor.objects.filter(county=county)
        .exclude(municipality="")
        .values_list("municipality", flat=True)
        .distinct()
        .order_by("municipality")
    )
    return DashboardFilterForm(
        data or None,
        rounds=rounds,
        themes=themes,
        municipalities=[(code, names.get(code, code)) for code in codes],
    )


def _chart_groups(rows):
    return [
        (row["label"], dict(zip(dashboard.STATUS_KEYS, [c[0] for c in row["cells"]], strict=True)))
        for row in rows
    ]


def kept(kind, *identity, compute):
    """What `compute()` returns for `identity`, from the shared cache while the data the
    dashboards count is unchanged (dashboard.data_version: one query), else computed
    and kept for DASHBOARD_CACHE_SECONDS. The language and the day are part of it: the
    labels are translated, and "late" and "this year" are today's."""
    version = dashboard.data_version()
    name = json.dumps([kind, identity, get_language(), timezone.localdate(), version], default=str)
    key = f"dashboard:{hashlib.sha256(name.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.DASHBOARD_CACHE_SECONDS)
    return value


@coordinator_required
def county_dashboard(request, slug):
    county = get_followup_county(request, slug)
    form = filter_form(county, request.GET)
    filters = form.filters()

    def figures():
        # Rendered without the request: nothing in them is the viewer's (the frame has
        # the forms and their CSRF token), so every coordinator of the county, and the
        # national administrator, may be given the same.
        context = dashboard_context(county, form)
        html = render_to_string("followup/dashboard/_figures.html", context)
        return {"html": html, "generated_at": context["generated_at"]}

    entry = kept("county", county.pk, filters.query(), compute=figures)
    context = {
        "county": county,
        "form": form,
        "filters": filters,
        "workspace_section": "dashboard",
        "figures": mark_safe(entry["html"]),  # noqa: S308 (our template's output, escaped)
        "generated_at": entry["generated_at"],
        "chart_patterns": charts.patterns(),
        "export_all": _url(
            "followup:dashboard_export", [county.slug, "alla", "xlsx"], **filters.query()
        ),
        "yearly_report": reverse("followup:yearly_report", args=[county.slug]),
    }
    return render(request, "followup/dashboard.html", context)


def dashboard_context(county, form) -> dict:
    """What the dashboard shows for the filters of `form`: the page's, and the yearly
    report's (followup/yearly_report.py), which prints the same figures."""
    filters = form.filters()
    data = dashboard.county_dashboard(county, filters)
    links = Links(county, filters)
    names = municipality_names()
    kinds = dict(Actor.Kind.choices)
    statuses = charts.status_series()

    p = data.pledges
    pledge_status = [(label, n, links.pledges(status=value)) for value, label, n in p["by_status"]]
    pledge_years = [
        (year, n, links.pledges(start=year, published=1)) for year, n in p["by_start_year"]
    ]
    pledge_kinds = [
        (kinds.get(kind, kind), n, links.pledges(kind=kind, published=1))
        for kind, n in p["by_kind"]
    ]
    pledge_municipalities = [
        (
            names.get(code, code),
            n,
            links.pledges(municipality=code, published=1),
        )
        for code, n in p["by_municipality"]
        if code
    ]

    m = data.measures
    overall = [
        _status_row(_("Aktörernas åtgärder"), m["actor"], links.measures, parti=Party.ACTOR),
        _status_row(_("Länsstyrelsens åtaganden"), m["board"], links.measures, parti=Party.BOARD),
    ]
    theme_names = [(pk, t.name) for pk, t in data.themes.items()]
    by_theme = _status_rows(m["by_theme"], theme_names, links.measures, "tema")
    objective_names = [(pk, f"{o.number}. {o.name}") for pk, o in data.objectives.items()]
    by_objective = _status_rows(m["by_objective"], objective_names, links.measures, "mal")
    goal_names = [(pk, f"{g.number}. {g.name}") for pk, g in data.goals.items()]
    by_goal = _status_rows(m["by_goal"], goal_names, links.measures, "globalt")
    by_kind = _status_rows(m["by_kind"], list(Actor.Kind.choices), links.measures, "typ")

    coverage = []
    for pm in data.coverage:
        counts = m["by_programme_measure"].get(pm.pk, dict.fromkeys(dashboard.STATUS_KEYS, 0))
        coverage.append(
            {
                "pm": pm,
                "cells": [
                    (counts[key], links.measures(status=key, atgard=pm.pk, parti="actor"))
                    for key in dashboard.STATUS_KEYS
                ],
                "measures_url": links.measures(atgard=pm.pk, parti="actor"),
            }
        )
    uncovered = sum(1 for pm in data.coverage if not pm.pledges)

    between = data.between
    transitions = [
        {
            "label": label,
            "cells": [
                (
                    between["table"][before][after],
                    links.measures(fore=before, status=after, parti="actor"),
                )
                for after in dashboard.STATUSES
            ],
        }
        for before, label in MeasureReport.Status.choices
    ]

    completion = data.completion
    # Accepted first, so that it has the first colour, as "done" has on the scale.
    report_statuses = [
        ("accepted", Report.Status.ACCEPTED.label),
        ("submitted", Report.Status.SUBMITTED.label),
        ("changes_requested", Report.Status.CHANGES_REQUESTED.label),
        ("draft", Report.Status.DRAFT.label),
        ("not_started", Report.Status.NOT_STARTED.label),
    ]
    round_groups = [
        (r.title, {key: getattr(r, key) for key, _label in report_statuses})
        for r in completion["rounds"]
    ]

    indicators = [
        {**row, "url": links.measures(enhet=row["indicator_unit"])} for row in data.indicators
    ]
    q = data.quality
    quality = [
        (
            _("Undertecknade löften utan någon uppföljning"),
            len(q["pledges_without_followup"]),
            "#utan-uppfoljning",
        ),
        (
            _("Aktörernas åtgärder utan koppling till åtgärdsprogrammet"),
            q["measures_without_link"],
            links.measures(parti="actor", urval="utan-koppling"),
        ),
        (
            _("Åtgärder vars senast godkända rapport saknar underlag"),
            q["accepted_without_evidence"],
            links.measures(urval="utan-underlag"),
        ),
        (
            _("Aktörer utan företrädare med konto"),
            len(q["actors_without_representative"]),
            "#utan-foretradare",
        ),
    ]

    status_labels = dict(statuses)
    for measure in between["stalled"]:
        measure.latest_label = status_labels.get(measure.latest, "")
    rendered = {
        "overall": charts.stacked(_chart_groups(overall), statuses),
        "by_theme": charts.stacked(_chart_groups(by_theme), statuses) if by_theme else "",
        "by_objective": charts.stacked(_chart_groups(by_objective), statuses)
        if by_objective
        else "",
        "by_goal": charts.stacked(_chart_groups(by_goal), statuses) if by_goal else "",
        "by_kind": charts.stacked(_chart_groups(by_kind), statuses) if by_kind else "",
    }
    measure_tables = [
        ("overall", _("Alla åtgärder: aktörernas och länsstyrelsens"), _("Part"), overall),
        ("by_theme", _("Aktörernas åtgärder efter tema"), _("Tema"), by_theme),
        ("by_objective", _("Aktörernas åtgärder efter miljömål"), _("Miljömål"), by_objective),
        ("by_goal", _("Aktörernas åtgärder efter globalt mål"), _("Globalt mål"), by_goal),
        ("by_kind", _("Aktörernas åtgärder efter typ av aktör"), _("Typ av aktör"), by_kind),
    ]
    context = {
        "county": county,
        "measure_tables": [
            (key, title, rendered[key], rows, group) for key, title, group, rows in measure_tables
        ],
        "pledge_links": {
            "published": links.pledges(published=1),
            "signed_this_year": links.pledges(signed=data.today.year),
            "ending_this_year": links.pledges(end=data.today.year, published=1),
        },
        "workspace_section": "dashboard",
        "form": form,
        "data": data,
        "statuses": statuses,
        "pledge_status": pledge_status,
        "pledge_years": pledge_years,
        "pledge_kinds": pledge_kinds,
        "pledge_municipalities": pledge_municipalities,
        "overall": overall,
        "by_theme": by_theme,
        "by_objective": by_objective,
        "by_goal": by_goal,
        "by_kind": by_kind,
        "coverage": coverage,
        "uncovered": uncovered,
        "transitions": transitions,
        "stalled_url": links.measures(urval="stillastaende", parti="actor"),
        "report_statuses": report_statuses,
        "indicators": indicators,
        "quality": quality,
        "exports": {
            slug.replace("-", "_"): (
                _url("followup:dashboard_export", [county.slug, slug, "csv"], **filters.query()),
                _url("followup:dashboard_export", [county.slug, slug, "xlsx"], **filters.query()),
            )
            for slug in dashboard_exports.TABLE_SLUGS
        },
        "export_all": _url(
            "followup:dashboard_export", [county.slug, "alla", "xlsx"], **filters.query()
        ),
        "chart_patterns": charts.patterns(),
        "status_legend": charts.legend(statuses),
        "report_legend": charts.legend(report_statuses),
        "charts": {
            "pledge_status": charts.bars(
                [(label, n) for label, n, _u in pledge_status], horizontal=True
            ),
            "pledge_years": charts.bars([(year, n) for year, n, _u in pledge_years]),
            "pledge_kinds": charts.bars(
                [(label, n) for label, n, _u in pledge_kinds], horizontal=True
            ),
            "completion": charts.stacked(round_groups, report_statuses) if round_groups else "",
        },
        "today": data.today,
        "generated_at": timezone.now(),
    }
    return context


@coordinator_required
def dashboard_export(request, slug, table, fmt):
    """One table of the dashboard as CSV or XLSX, or every table ("alla") as one
    XLSX workbook, for the filters in the URL."""
    county = get_followup_county(request, slug)
    if fmt not in ("csv", "xlsx") or (
        table not in dashboard_exports.TABLE_SLUGS and table != "alla"
    ):
        raise Http404
    if table == "alla" and fmt == "csv":
        raise Http404
    form = filter_form(county, request.GET)
    data = dashboard.county_dashboard(county, form.filters())
    chosen = [t for t in dashboard_exports.tables(data) if table in ("alla", t.slug)]
    if fmt == "csv":
        return dashboard_exports.csv_response(data, chosen[0])
    return dashboard_exports.xlsx_response(data, chosen, table)


@coordinator_required
def dashboard_rows(request, slug):
    """The measures behind a figure of the county's dashboard, paginated."""
    county = get_followup_county(request, slug)
    form = filter_form(county, request.GET)
    filters = form.filters()
    asked = DashboardRowsForm(request.GET)
    params = asked.cleaned_data if asked.is_valid() else {}
    lookups = {
        "status": params.get("status", ""),
        "party": params.get("parti", ""),
        "programme_measure": params.get("atgard"),
        "objective": params.get("mal"),
        "goal": params.get("globalt"),
        "unit": params.get("enhet", ""),
        "previous": params.get("fore", ""),
        "selection": params.get("urval", ""),
    }
    measures = dashboard.rows([county.pk], filters, **lookups)
    page = Paginator(measures, ROWS_PAGE_SIZE).get_page(request.GET.get("sida"))
    statuses = dict(charts.status_series())
    for measure in page.object_list:
        measure.latest_label = statuses.get(measure.latest or dashboard.NOT_REPORTED)
        measure.previous_label = statuses.get(measure.previous) if measure.previous else ""
    # What the rows are, said in words above them.
    described = []
    if lookups["status"]:
        described.append(_("Status: %(s)s") % {"s": statuses.get(lookups["status"])})
    if lookups["previous"]:
        described.append(
            _("Status i rapporten före: %(s)s") % {"s": statuses.get(lookups["previous"])}
        )
    if lookups["party"]:
        described.append(_("Part: %(p)s") % {"p": dict(Party.choices)[lookups["party"]]})
    if lookups["programme_measure"]:
        pm = ProgrammeMeasure.objects.filter(
            pk=lookups["programme_measure"], theme__programme__county=county
        ).first()
        if pm:
            described.append(
                _("Åtgärd i åtgärdsprogrammet: %(n)s %(t)s") % {"n": pm.number, "t": pm.title}
            )
    if lookups["objective"]:
        o = EnvironmentalObjective.objects.filter(pk=lookups["objective"]).first()
        if o:
            described.append(_("Miljömål: %(o)s") % {"o": o.name})
    if lookups["goal"]:
        g = GlobalGoal.objects.filter(pk=lookups["goal"]).first()
        if g:
            described.append(_("Globalt mål: %(g)s") % {"g": g.name})
    if lookups["unit"]:
        described.append(_("Indikator i %(u)s") % {"u": lookups["unit"]})
    selections = {
        "utan-koppling": _("utan koppling till åtgärdsprogrammet"),
        "utan-underlag": _("senast godkända rapporten saknar underlag"),
        "stillastaende": _("samma status två gånger, varken genomförd eller ej aktuell"),
    }
    if lookups["selection"]:
        described.append(selections[lookups["selection"]])
    return render(
        request,
        "followup/dashboard_rows.html",
        {
            "county": county,
            "workspace_section": "dashboard",
            "form": form,
            "page": page,
            "described": described,
            # What the figure asked, kept when the reader changes the filters.
            "kept": [
                (name, value)
                for name, value in asked.data.items()
                if name in asked.fields and value
            ],
            "back": _url("followup:dashboard", [county.slug], **filters.query()),
        },
    )


@coordinator_required
def dashboard_start(request):
    """The navigation's "Översikt": a coordinator's own county's dashboard, or the
    national view for whoever has several counties (or all)."""
    counties = list(County.objects.coordinated_by(request.user)[:2])
    if len(counties) == 1:
        return redirect("followup:dashboard", counties[0].slug)
    return redirect("followup:national")


@coordinator_required
def national(request):
    """The figures per county side by side and for the country."""
    form = DashboardFilterForm(request.GET or None, national=True)
    filters = form.filters()
    # The figures are everybody's; the links below are the viewer's (the counties they
    # coordinate), so only the figures are kept.
    figures = kept("national", filters.query(), compute=lambda: dashboard.national_figures(filters))
    reachable = set(County.objects.coordinated_by(request.user).values_list("pk", flat=True))
    query = filters.query()

    def rows_url(county, **params):
        # A county's rows to those who reach its dashboard; the others read the number.
        if county.pk not in reachable:
            return ""
        return _url("followup:dashboard_rows", [county.slug], **{**query, **params})

    for row in figures["rows"]:
        county = row["county"]
        row["url"] = (
            _url("followup:dashboard", [county.slug], **query) if county.pk in reachable else ""
        )
        row["pledges_url"] = (
            _url(
                "workspace",
                county=county.slug,
                published=1,
                year=filters.year,
                kind=filters.kind,
            )
            if county.pk in reachable
            else ""
        )
        row["status_cells"] = [
            (row["statuses"][key], rows_url(county, status=key, parti=Party.ACTOR))
            for key in dashboard.STATUS_KEYS
        ]
    for table, param in ((figures["by_objective"], "mal"), (figures["by_goal"], "globalt")):
        for code_row in table:
            code_row["links"] = [
                (n, done, rows_url(county, parti=Party.ACTOR, **{param: code_row["code"].pk}))
                for county, n, done in code_row["cells"]
            ]
    for row in [*figures["rows"], figures["totals"]]:
        row["status_list"] = [row["statuses"][key] for key in dashboard.STATUS_KEYS]
        row["board_total"] = sum(row["board"].values())
    statuses = charts.status_series()
    groups = [(row["county"].name, row["statuses"]) for row in figures["rows"]]
    objective_groups = [
        (
            f"{r['code'].number}. {r['code'].name}",
            {"done": r["done"], "other": r["total"] - r["done"]},
        )
        for r in figures["by_objective"]
        if r["total"]
    ]
    done_series = [("done", _("Genomförda")), ("other", _("Övriga"))]
    objective_chart = charts.stacked(objective_groups, done_series) if objective_groups else ""
    return render(
        request,
        "followup/national.html",
        {
            "workspace_section": "dashboard",
            "form": form,
            "figures": figures,
            "statuses": statuses,
            "chart_patterns": charts.patterns(),
            "status_legend": charts.legend(statuses),
            "done_legend": charts.legend(done_series),
            "code_tables": [
                ("objectives", _("Miljömålen"), figures["by_objective"], objective_chart),
                ("goals", _("De globala målen"), figures["by_goal"], ""),
            ],
            "charts": {
                "statuses": charts.stacked(groups, statuses) if groups else "",
            },
            "generated_at": timezone.now(),
        },
    )
