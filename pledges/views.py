from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from actors.models import County

from .models import Pledge
from .snapshot import pledge_snapshot
from .text import place_and_date

PAGE_SIZE = 25


def get_published_pledge(slug: str) -> Pledge:
    """The access helper for public pages: a pledge nobody may read is a 404."""
    return get_object_or_404(
        Pledge.objects.published().select_related("county", "actor", "signed_version"),
        slug=slug,
    )


def pledge_list(request):
    pledges = Pledge.objects.published().for_listing().order_by("-start_year", "actor__name", "pk")
    query = request.GET.get("q", "").strip()
    if query:
        pledges = pledges.filter(actor__name__icontains=query)
    county = None
    county_slug = request.GET.get("lan", "")
    if county_slug:
        county = County.objects.filter(slug=county_slug).first()
        pledges = pledges.filter(county=county) if county else pledges.none()
    page = Paginator(pledges, PAGE_SIZE).get_page(request.GET.get("sida"))
    counties = County.objects.filter(pledges__status__in=Pledge.PUBLISHED_STATUSES).distinct()
    return render(
        request,
        "pledges/list.html",
        {
            "page": page,
            "query": query,
            "selected_county": county,
            "counties": counties,
        },
    )


def pledge_document_context(pledge: Pledge) -> dict:
    """What the pledge document shows (the public page, the signing page, the preview).

    A signed pledge shows its frozen content, the text its parties signed, even
    if the actor has been renamed or a linked programme measure renumbered
    since; any other pledge shows its content as it stands.
    """
    try:
        document = pledge.signed_version.content
    except ObjectDoesNotExist:
        document = pledge_snapshot(pledge)
    return {
        "pledge": pledge,
        "document": document,
        "place_and_date": place_and_date(document["pledge"]),
    }


def pledge_detail(request, slug):
    pledge = get_published_pledge(slug)
    return render(request, "pledges/detail.html", pledge_document_context(pledge))
