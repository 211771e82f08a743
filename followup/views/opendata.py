"""The open-data pages: the datasets page, the field dictionary, the DCAT-AP-SE
catalogue, the stored files and the feeds. All public, all read-only."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from actors.models import County

from .. import dcat, opendata
from ..feeds import PublishedFeed

feed = PublishedFeed()


@require_safe
def index(request):
    return render(
        request,
        "followup/opendata/index.html",
        {
            "counties": County.objects.order_by("code"),
            "tables": opendata.TABLES,
            "all": opendata.ALL,
            "api_path": opendata.api_path(),
            "licence_url": opendata.LICENCE_URL,
        },
    )


@require_safe
def fields(request):
    return render(request, "followup/opendata/fields.html", {"tables": opendata.TABLES})


@require_safe
@vary_on_headers("Accept")
def catalog(request):
    """JSON-LD unless the Accept header prefers Turtle or RDF/XML."""
    media_type = request.get_preferred_type(list(dcat.FORMATS)) or "application/ld+json"
    data = dcat.serialise(dcat.catalog_graph(), media_type)
    return HttpResponse(data, content_type=f"{media_type}; charset=utf-8")


def _stored(name, build, content_type, filename):
    response = HttpResponse(opendata.file_bytes(name, build), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def county_json(request, slug):
    county = get_object_or_404(County, slug=slug)
    return _stored(
        opendata.json_name(county.slug),
        lambda: opendata.write_county(county),
        "application/json; charset=utf-8",
        f"miljomalslofte-{county.slug}.json",
    )


@require_safe
def table_csv(request, scope, table):
    if table not in opendata.TABLE_NAMES:
        raise Http404
    if scope == opendata.ALL:
        build = opendata.write_all
    else:
        county = get_object_or_404(County, slug=scope)
        build = lambda: opendata.write_county(county)  # noqa: E731
    return _stored(
        opendata.csv_name(scope, table),
        build,
        "text/csv; charset=utf-8",
        f"miljomalslofte-{scope}-{table}.csv",
    )
