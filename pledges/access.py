"""Who reaches which pledge and programme: one helper per model returns the object the
user may see or act on, or raises 404 (out of reach) or 403 (in reach, not allowed).

Every view gets its objects through these, on top of the QuerySet methods
(`Pledge.objects.workspace_of(user)`, `Programme.objects.managed_by(user)`).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import (
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
    """The access helper of the workspace: a pledge outside the user's counties and
    organisations is a 404; one they see but may not act on that way is a 403."""
    pledge = get_object_or_404(
        Pledge.objects.workspace_of(request.user).select_related("actor", "county"), pk=pk
    )
    if perm and not request.user.has_perm(perm, pledge):
        raise PermissionDenied
    return pledge


def get_content_pledge(request, pk) -> Pledge:
    """The access helper of the content forms (measures, signatories).

    Like get_workspace_pledge with pledges.edit_pledge, except for a POST by
    someone who could edit the pledge as a draft, to a pledge that has left
    draft or review since they opened the form: that is no 403 with their text
    gone, but the form again with what they typed and why it cannot be saved
    (the models refuse the save with ContentLocked).
    """
    pledge = get_workspace_pledge(request, pk)
    user = request.user
    if user.has_perm("pledges.edit_pledge", pledge):
        return pledge
    locked_meanwhile = request.method == "POST" and not pledge.content_editable
    if locked_meanwhile and (is_pledge_coordinator(user, pledge) or is_pledge_editor(user, pledge)):
        return pledge
    raise PermissionDenied


def get_published_pledge(slug: str) -> Pledge:
    """The access helper for public pages: a pledge nobody may read is a 404."""
    return get_object_or_404(
        Pledge.objects.published().select_related("county", "actor", "signed_version"),
        slug=slug,
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
    pledge = get_object_or_404(Pledge.objects.workspace_of(request.user), pk=pk)
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
    programme = get_object_or_404(Programme.objects.select_related("county"), pk=pk)
    if not request.user.has_perm("pledges.manage_programme", programme):
        raise Http404
    return programme


def get_theme(request, pk) -> Theme:
    theme = get_object_or_404(Theme.objects.select_related("programme__county"), pk=pk)
    if not request.user.has_perm("pledges.manage_programme", theme.programme):
        raise Http404
    return theme


def get_programme_measure(request, pk) -> ProgrammeMeasure:
    measure = get_object_or_404(
        ProgrammeMeasure.objects.select_related("theme__programme__county"), pk=pk
    )
    if not request.user.has_perm("pledges.manage_programme", measure.theme.programme):
        raise Http404
    return measure
