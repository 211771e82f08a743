"""The yearly report: the county's dashboard as a PDF, asked for with one click.

The button on the dashboard POSTs the filters in force; the view only queues the
rendering (followup.tasks.render_yearly_report) and sends the coordinator to the
report's page, which says that it is being prepared and, once the worker has
stored it, links to the download. The PDF is the county's coordinators' and the
national administrator's: never cached, never shown to anyone else.
"""

from urllib.parse import urlencode

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from actors.decorators import coordinator_required

from .. import yearly_report
from ..access import get_followup_county
from .dashboard import filter_form


def _address(name, county, query, stamp):
    return f"{reverse(name, args=[county.slug])}?{urlencode({**query, 'data': stamp})}"


def _asked(request, county):
    """The filter form, the filters (as valid GET parameters) and the data's stamp the
    address names."""
    form = filter_form(county, request.GET)
    query = yearly_report.filter_query(form.filters())
    stamp = request.GET.get("data", "")
    try:
        yearly_report.time_of(stamp)
    except ValueError:
        raise Http404 from None
    return form, query, stamp


@cache_control(private=True, no_store=True)
@require_http_methods(["GET", "POST"])
@coordinator_required
def yearly_report_page(request, slug):
    """POST: queue the report for the filters posted. GET: whether it is ready."""
    from ..tasks import render_yearly_report

    county = get_followup_county(request, slug)
    if request.method == "POST":
        query = yearly_report.filter_query(filter_form(county, request.POST).filters())
        stamp = yearly_report.stamp_of(yearly_report.data_timestamp(county))
        name = yearly_report.file_name(county, query, stamp)
        if not default_storage.exists(name):
            render_yearly_report.enqueue(county_id=county.pk, query=query)
        return redirect(_address("followup:yearly_report", county, query, stamp))

    form, query, stamp = _asked(request, county)
    ready = default_storage.exists(yearly_report.file_name(county, query, stamp))
    current = yearly_report.stamp_of(yearly_report.data_timestamp(county))
    return render(
        request,
        "followup/yearly_report.html",
        {
            "county": county,
            "workspace_section": "dashboard",
            "ready": ready,
            # Changed since it was asked for: the one asked for will never come.
            "outdated": not ready and current != stamp,
            "chosen": yearly_report.report_chosen(form),
            "query": query,
            "data_time": yearly_report.time_of(stamp),
            "download": _address("followup:yearly_report_pdf", county, query, stamp),
            "again": reverse("followup:yearly_report", args=[county.slug]),
            "dashboard": reverse("followup:dashboard", args=[county.slug])
            + (f"?{urlencode(query)}" if query else ""),
        },
        status=200 if ready else 202,
    )


@cache_control(private=True, no_store=True)
@coordinator_required
def yearly_report_pdf(request, slug):
    """The stored report, once the worker has made it; 404 until then."""
    county = get_followup_county(request, slug)
    _form, query, stamp = _asked(request, county)
    name = yearly_report.file_name(county, query, stamp)
    try:
        file = default_storage.open(name, "rb")  # streamed from the storage, not redirected
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        file,
        content_type="application/pdf",
        filename=yearly_report.download_name(county, stamp),
    )
