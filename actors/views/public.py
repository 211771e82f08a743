from django.http import Http404
from django.shortcuts import get_object_or_404, render

from ..models import Actor, County

# The pledges are reached through the reverse relations (actor.pledges,
# county.pledges) so that actors never imports pledges: the apps depend one
# way, followup -> pledges -> actors.


def actor_detail(request, slug):
    actor = get_object_or_404(Actor.objects.select_related("county"), slug=slug)
    pledges = list(actor.pledges.published().for_listing().order_by("-start_year", "pk"))
    if not pledges:
        # An actor is public through its published pledges: one that has only
        # drafts may still be negotiating, which is nobody else's business.
        raise Http404
    return render(
        request,
        "actors/detail.html",
        {"actor": actor, "county": actor.county, "pledges": pledges},
    )


def county_detail(request, slug):
    county = get_object_or_404(County, slug=slug)
    pledges = county.pledges.published().for_listing().order_by("-start_year", "actor__name", "pk")
    return render(request, "actors/county.html", {"county": county, "pledges": pledges})
