"""The county's full extract across all rounds, as CSV or XLSX (followup/extracts.py)."""

from django.http import Http404
from django.views.decorators.cache import cache_control

from actors.decorators import coordinator_required

from .. import extracts
from ..access import get_followup_county


@cache_control(private=True, no_store=True)
@coordinator_required
def county_extract(request, slug, fmt):
    county = get_followup_county(request, slug)
    if fmt == "csv":
        return extracts.csv_response(county)
    if fmt == "xlsx":
        return extracts.xlsx_response(county)
    raise Http404
