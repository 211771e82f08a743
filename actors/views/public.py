from django.shortcuts import render

from ..access import public_actor, public_county


def actor_detail(request, slug):
    actor, pledges = public_actor(slug)
    return render(
        request,
        "actors/detail.html",
        {"actor": actor, "county": actor.county, "pledges": pledges},
    )


def county_detail(request, slug):
    county = public_county(slug)
    pledges = county.pledges.published().for_listing().order_by("-start_year", "actor__name", "pk")
    return render(request, "actors/county.html", {"county": county, "pledges": pledges})
