"""The counties and actors a request may reach: each helper returns the object or raises
404 (or 403: `require`).

Views call these rather than querying themselves, so that who reaches what is
said once per model, on top of the QuerySet methods (`managed_by`, `coordinated_by`).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Actor, County, Invitation


def require(request, obj, perm) -> None:
    """403 unless the user may `perm` the object they reach (no `perm`: nothing asked).
    The access helpers of every app decide their 403s with it."""
    if perm and not request.user.has_perm(perm, obj):
        raise PermissionDenied


# The public pages. The pledges are reached through the reverse relations
# (actor.pledges) so that actors never imports pledges: the apps depend one way,
# followup -> pledges -> actors.


def public_actor(slug) -> tuple[Actor, list]:
    """The actor `slug` with its published pledges, newest first; 404 if it has none.

    An actor is public through its published pledges: one that has only drafts may
    still be negotiating, which is nobody else's business."""
    actor = get_object_or_404(Actor.objects.select_related("county"), slug=slug)
    pledges = list(actor.pledges.published().for_listing().order_by("-start_year", "pk"))
    if not pledges:
        raise Http404
    return actor, pledges


def public_county(slug) -> County:
    """Every county has its public page (with nothing published, it says so)."""
    return get_object_or_404(County, slug=slug)


def managed_actor(request, slug) -> Actor:
    """The actor `slug` if the user keeps its register entry; 404 otherwise."""
    return get_object_or_404(
        Actor.objects.managed_by(request.user).select_related("county"), slug=slug
    )


def managed_county(request, slug) -> County:
    """The county `slug` if the user coordinates it; 404 otherwise."""
    return get_object_or_404(County.objects.coordinated_by(request.user), slug=slug)


def startable_actors(request):
    """The actors the user may start a pledge for (Actor.objects.startable_by); 403 if
    there is none."""
    actors = Actor.objects.startable_by(request.user).select_related("county").order_by("name")
    if not actors.exists():
        raise PermissionDenied
    return actors


def own_invitation(request, pk) -> Invitation:
    """A pending invitation of the signed-in user's own, to answer; 404 otherwise."""
    return get_object_or_404(
        Invitation.objects.pending().filter(user=request.user).select_related("actor"), pk=pk
    )
