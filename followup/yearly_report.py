"""The yearly report: the county's dashboard as a tagged PDF, for the board's annual
follow-up of the environmental objectives.

The worker renders it (followup.tasks.render_yearly_report), never a request. It
prints what the dashboard shows for the same filters, from the same code
(views.dashboard.dashboard_context), through the portal's one PDF writer
(pledges.pdf.write_tagged_pdf). Each file is stored under a name of its own: the
county, the filters and the data's timestamp (the latest change to the county's
pledges and reports), so that a report once rendered is served until the data
changes, and a change makes the next one a new file.
"""

import datetime

from django.db.models import Max
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone, translation

from actors.models import County
from pledges.models import Pledge
from pledges.pdf import write_tagged_pdf

from . import charts
from .models import MeasureReport, Report

TEMPLATE = "followup/pdf/yearly_report.html"
FOLDER = "arsrapporter"
# The data's timestamp, in the file's name and the status page's address.
STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
NO_DATA = "0"
FILTER_KEYS = ("ar", "omgang", "tema", "typ", "kommun")


def data_timestamp(county) -> datetime.datetime | None:
    """When the county's pledges, reports or measure reports last changed (None: never).
    Three aggregate queries."""
    times = [
        Pledge.objects.filter(county=county).aggregate(t=Max("updated_at"))["t"],
        Report.objects.filter(round__county=county).aggregate(t=Max("updated_at"))["t"],
        MeasureReport.objects.filter(report__round__county=county).aggregate(t=Max("updated_at"))[
            "t"
        ],
    ]
    times = [t for t in times if t is not None]
    return max(times) if times else None


def stamp_of(when: datetime.datetime | None) -> str:
    if when is None:
        return NO_DATA
    return when.astimezone(datetime.UTC).strftime(STAMP_FORMAT)


def time_of(stamp: str) -> datetime.datetime | None:
    """The timestamp a stamp names; None for no data, ValueError for no stamp at all."""
    if stamp == NO_DATA:
        return None
    return datetime.datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=datetime.UTC)


def filter_query(filters) -> dict:
    """The filters in force as GET parameters, in a fixed order (strings)."""
    query = filters.query()
    return {key: str(query[key]) for key in FILTER_KEYS if key in query}


def file_name(county, query: dict, stamp: str) -> str:
    """Where the report of `county` for these filters and this data is stored."""
    chosen = "-".join(f"{key}{query[key]}" for key in FILTER_KEYS if query.get(key)) or "alla"
    return f"{FOLDER}/{county.slug}/arsrapport-{county.slug}-{chosen}-{stamp}.pdf"


def download_name(county, stamp: str) -> str:
    when = time_of(stamp)
    day = timezone.localtime(when).date() if when else timezone.localdate()
    return f"arsrapport-{county.slug}-{day.isoformat()}.pdf"


def render_yearly_report(county: County, query: dict, *, stamp: str) -> bytes:
    """The PDF of the county's dashboard for the filters `query` (GET parameters)."""
    from .views.dashboard import dashboard_context, filter_form

    data = QueryDict(mutable=True)
    data.update(query)
    # The report is Swedish whatever language the request or worker runs in.
    with translation.override("sv"):
        form = filter_form(county, data)
        context = dashboard_context(county, form)
        html = render_to_string(TEMPLATE, report_context(context, form, stamp=stamp))
    return write_tagged_pdf(html, identity=[county.code, query, stamp])


def report_chosen(form) -> list[tuple[str, str]]:
    """The filters in force, in words: (the field's label, the value chosen)."""
    if not form.is_bound or not form.is_valid():
        return []
    chosen = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
        chosen.append((str(field.label), str(shown)))
    return chosen


def report_context(context: dict, form, *, stamp: str) -> dict:
    """The dashboard's context and what the print template adds: the cover, the filters
    in words, and the charts as self-contained images."""
    data = context["data"]
    filters = data.filters
    year = filters.year or data.today.year
    when = time_of(stamp)
    images = {key: charts.print_image(svg) for key, svg in print_charts(context).items() if svg}
    measure_tables = [
        (key, title, _stacked_image(rows, context["statuses"]) if chart else "", rows, group)
        for key, title, chart, rows, group in context["measure_tables"]
    ]
    return {
        **context,
        "title": f"Årsrapport {year}: {context['county'].name}",
        "year": year,
        "chosen": report_chosen(form),
        "data_time": timezone.localtime(when) if when else None,
        "printed": timezone.localtime(context["generated_at"]),
        "images": images,
        "measure_tables": measure_tables,
        # The legends' swatches are backgrounds: artifacts, which a screen reader skips
        # (the tables' headers name the series).
        "swatches": [charts.print_swatch(n) for n in range(len(charts.COLOURS))],
    }


def print_charts(context) -> dict:
    """The dashboard's charts of counts drawn again for paper: as wide as the page, with
    labels long enough to tell the rounds apart."""

    def counts(items):
        return [(label, n) for label, n, _url in items]

    rounds = context["data"].completion["rounds"]
    statuses = context["report_statuses"]
    groups = [(r.title, {key: getattr(r, key) for key, _label in statuses}) for r in rounds]
    return {
        "pledge_status": charts.bars(
            counts(context["pledge_status"]), horizontal=True, printed=True
        ),
        "pledge_years": charts.bars(counts(context["pledge_years"]), printed=True),
        "pledge_kinds": charts.bars(counts(context["pledge_kinds"]), horizontal=True, printed=True),
        "completion": charts.stacked(groups, statuses, printed=True) if groups else "",
    }


def _stacked_image(rows, statuses) -> str:
    """A status table's rows ({label, cells: [(n, url)]}) as a printed stacked chart."""
    groups = [
        (
            row["label"],
            {key: n for (key, _label), (n, _url) in zip(statuses, row["cells"], strict=True)},
        )
        for row in rows
    ]
    return charts.print_image(charts.stacked(groups, statuses, printed=True))
