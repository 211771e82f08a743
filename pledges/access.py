"""Who reaches which pledge and programme: one helper per model returns the object the
user may see or act on, or raises 404 (out of reach) or 403 (in reach, not allowed).

Every view gets its objects through these, on top of the QuerySet methods
(`Pledge.objects.visible_to(user)`, `.editable_by(user)`, `Programme.objects.managed_by(user)`);
the views decide no 404 or 403 of their own.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from actors.access import require

from .models import (
    Measure,
    Party,
    Pledge,
    PledgeEvent,
    Programme,
    ProgrammeMeasure,
    Signatory,
    SignedVersion,
    Theme,
)
from .rules import is_pledge_coordinator, is_pledge_editor


def get_workspace_pledge(request, pk, perm=None) -> Pledge:
    """The access helper of the workspace: a pledge the user may not read is a 404; one
    they read but do not work on (another's published pledge, read on its public page)
    is a 404 here too, as if it did not exist; one they work on but may not act on that
    way (`perm`) is a 403."""
    pledge = get_object_or_404(
        Pledge.objects.visible_to(request.user).select_related("actor", "county"), pk=pk
    )
    if not request.user.has_perm("pledges.view_pledge_workspace", pledge):
        raise Http404
    require(request, pledge, perm)
    return pledge


def get_content_pledge(request, pk) -> Pledge:
    """The access helper of the content forms (measures, signatories): a pledge of
    `Pledge.objects.editable_by(user)`, else as get_workspace_pledge with
    pledges.edit_pledge.

    Except for a POST by someone who could edit the pledge as a draft, to a pledge
    that has left draft or review since they opened the form: that is no 403 with
    their text gone, but the form again with what they typed and why it cannot be
    saved (the models refuse the save with ContentLocked).
    """
    user = request.user
    pledge = (
        Pledge.objects.editable_by(user).select_related("actor", "county").filter(pk=pk).first()
    )
    if pledge is not None:
        return pledge
    pledge = get_workspace_pledge(request, pk)
    locked_meanwhile = request.method == "POST" and not pledge.content_editable
    if locked_meanwhile and (is_pledge_coordinator(user, pledge) or is_pledge_editor(user, pledge)):
        return pledge
    raise PermissionDenied


def edits_board_part(request, pledge) -> bool:
    """Whether the user writes the county board's part of `pledge` (its commitments and
    signatories): the board's people only."""
    if not pledge.content_editable:
        # Locked meanwhile (get_content_pledge): the form keeps the shape it had.
        return is_pledge_coordinator(request.user, pledge)
    return request.user.has_perm("pledges.edit_board_part", pledge)


def require_party(request, pledge, party) -> None:
    """403 unless the user may write `party`'s part of `pledge`."""
    if party == Party.BOARD and not edits_board_part(request, pledge):
        raise PermissionDenied


def get_changed_measure(request, pk, measure_pk) -> Measure:
    """A measure of pledge `pk` to remove or move: 404 if the pledge is out of reach or
    has no such measure; 403 unless the user may edit the pledge and the measure's
    party. (The measure form has its own: a measure removed meanwhile is no 404 there.)"""
    pledge = get_workspace_pledge(request, pk, "pledges.edit_pledge")
    measure = get_object_or_404(pledge.measures, pk=measure_pk)
    require_party(request, pledge, measure.party)
    return measure


def get_wet_ink_signatory(request, pk, signatory_pk) -> Signatory:
    """A signatory of pledge `pk` whose paper signature the county's coordinator records:
    404 out of reach, 403 to anyone else who works on the pledge."""
    pledge = get_workspace_pledge(request, pk, "pledges.record_signature")
    return get_object_or_404(pledge.signatories, pk=signatory_pk)


def get_published_pledge(slug: str) -> Pledge:
    """The access helper for public pages: a pledge nobody may read is a 404. It comes
    with `successor_id`, the published pledge that renews or amends it (or None), read
    in the same query."""
    successor = (
        Pledge.objects.published()
        .filter(previous=OuterRef("pk"))
        .order_by("-signed_at", "-pk")
        .values("pk")[:1]
    )
    return get_object_or_404(
        Pledge.objects.published()
        .select_related("county", "actor", "signed_version")
        .annotate(successor_id=Subquery(successor)),
        slug=slug,
    )


def get_public_theme(county_slug: str, pk: int) -> Theme:
    """A theme of a county's action programme, for its public page: the programmes are
    public; a theme of another county under this county's address is a 404."""
    return get_object_or_404(
        Theme.objects.select_related("programme__county"),
        programme__county__slug=county_slug,
        pk=pk,
    )


def get_public_programme_measure(county_slug: str, pk: int) -> ProgrammeMeasure:
    """A measure of a county's action programme, for its public page (as get_public_theme)."""
    return get_object_or_404(
        ProgrammeMeasure.objects.select_related("theme__programme__county"),
        theme__programme__county__slug=county_slug,
        pk=pk,
    )


def get_signing_signatory(request, pk, signatory_pk) -> Signatory:
    """The signatory of pledge `pk` the user signs as; 403 if they are not that person,
    404 if the pledge is out of their reach too (so that the answer says nothing)."""
    signatory = (
        Signatory.objects.select_related("pledge__county", "pledge__actor")
        .filter(pk=signatory_pk, pledge_id=pk)
        .first()
    )
    if signatory is None or not request.user.has_perm("pledges.sign_as", signatory):
        get_workspace_pledge(request, pk)
        raise PermissionDenied
    return signatory


def get_signature_scan(request, pk, event_pk) -> PledgeEvent:
    """The signature event of pledge `pk` holding a scan, current or cleared by a return to
    draft, for the county's coordinators and the actor's editors; a 404 to everyone else."""
    pledge = get_object_or_404(Pledge.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("pledges.view_signature_scan", pledge):
        raise Http404
    return get_object_or_404(
        PledgeEvent.objects.select_related("signatory", "pledge").exclude(scan=""),
        pk=event_pk,
        pledge=pledge,
        kind=PledgeEvent.Kind.SIGNATURE,
    )


def get_published_version(code: str) -> SignedVersion:
    """The signed version a verification code names, if its pledge is published; else 404."""
    return get_object_or_404(
        SignedVersion.objects.select_related("pledge__actor", "pledge__county"),
        code=code.upper(),
        pledge__status__in=Pledge.PUBLISHED_STATUSES,
    )


# A programme outside the user's counties is a 404, as if it did not exist.


def get_programme(request, pk) -> Programme:
    return get_object_or_404(
        Programme.objects.managed_by(request.user).select_related("county"), pk=pk
    )


def get_theme(request, pk) -> Theme:
    return get_object_or_404(
        Theme.objects.filter(
            programme__in=Programme.objects.managed_by(request.user)
        ).select_related("programme__county"),
        pk=pk,
    )


def get_programme_measure(request, pk) -> ProgrammeMeasure:
    return get_object_or_404(
        ProgrammeMeasure.objects.filter(
            theme__programme__in=Programme.objects.managed_by(request.user)
        ).select_related("theme__programme__county"),
        pk=pk,
    )
