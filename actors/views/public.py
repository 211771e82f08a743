import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import render

from ..access import public_actor, public_county
from ..pagecache import actor_key, county_key, public_page


@public_page(lambda slug: [actor_key(slug)])
def actor_detail(request, slug):
    actor, pledges = public_actor(slug)
    return render(
        request,
        "actors/detail.html",
        {"actor": actor, "county": actor.county, "pledges": timeline(pledges)},
    )


def timeline(pledges) -> list:
    """The actor's published pledges oldest first, each with the published one it renews
    or amends (`renews`) and those that renew or amend it (`renewed_by`): one line
    across the periods."""
    by_pk = {p.pk: p for p in pledges}
    for p in pledges:
        p.renewed_by = []
    for p in pledges:
        p.renews = by_pk.get(p.previous_id)
        if p.renews is not None:
            p.renews.renewed_by.append(p)
    return sorted(pledges, key=lambda p: (p.start_year, p.signed_at or p.created_at, p.pk))


@public_page(lambda slug: [county_key(slug)])
def county_detail(request, slug):
    county = public_county(slug)
    pledges = county.pledges.published().for_listing().order_by("-start_year", "actor__name", "pk")
    return render(request, "actors/county.html", {"county": county, "pledges": pledges})


LOGO_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


def county_logo(request, slug):
    """The county's logo, streamed from the storage (the folder or the bucket)."""
    county = public_county(slug)
    content_type = mimetypes.guess_type(county.logo.name)[0] if county.logo else None
    if content_type not in LOGO_TYPES:
        raise Http404
    try:
        file = county.logo.open("rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404 from missing
    return FileResponse(file, content_type=content_type)
