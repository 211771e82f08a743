"""The coordinators' actor register: the list, an actor's entry and its invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..access import managed_actor
from ..decorators import coordinator_required
from ..forms import ActorFilterForm, ActorForm, InvitationForm
from ..models import Actor, County, Invitation, Membership
from ..reference import municipality_names
from ..services import invite_member
from ..tasks import INVITATION, send_account_link, send_invitation_request

ACTORS_PAGE_SIZE = 50


@coordinator_required
def actor_list(request):
    actors = Actor.objects.managed_by(request.user)
    counties = list(County.objects.coordinated_by(request.user))
    names = municipality_names()
    codes = (
        actors.exclude(municipality="")
        .values_list("municipality", flat=True)
        .order_by("municipality")
        .distinct()
    )
    municipalities = sorted(
        ((code, names.get(code, code)) for code in codes), key=lambda choice: choice[1]
    )
    filters = ActorFilterForm(request.GET or None, counties=counties, municipalities=municipalities)
    listing = (
        filters.filter(actors)
        .select_related("county")
        .annotate(member_count=Count("memberships__user", distinct=True))
        .order_by("name", "county__code")
    )
    page = Paginator(listing, ACTORS_PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "actors/manage_list.html",
        {
            "workspace_section": "actors",
            "filters": filters,
            "page": page,
            "several_counties": len(counties) > 1,
        },
    )


@coordinator_required
def actor_create(request):
    form = ActorForm(request.POST or None, counties=County.objects.coordinated_by(request.user))
    if request.method == "POST" and form.is_valid():
        actor = form.save()
        messages.success(request, _("%(actor)s finns nu i registret.") % {"actor": actor.name})
        return redirect("actors:edit", slug=actor.slug)
    return render(request, "actors/manage_form.html", {"workspace_section": "actors", "form": form})


@login_required
def actor_edit(request, slug):
    actor = managed_actor(request, slug)
    form = ActorForm(
        request.POST or None,
        instance=actor,
        counties=County.objects.coordinated_by(request.user),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Ändringarna är sparade."))
        return redirect("actors:edit", slug=actor.slug)
    members = actor.memberships.select_related("user").order_by("user__full_name", "user__email")
    # Declined ones too, so that the coordinator knows the answer.
    invitations = actor.invitations.exclude(status=Invitation.Status.ACCEPTED).select_related(
        "user"
    )
    return render(
        request,
        "actors/manage_form.html",
        {
            "workspace_section": "actors",
            "form": form,
            "actor": actor,
            "members": members,
            "invitations": invitations,
        },
    )


@login_required
def actor_invite(request, slug):
    actor = managed_actor(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invited = invite_member(
                actor=actor,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as refused:
            form.add_error("email", refused)
        else:
            messages.success(request, _invitation_sent(request, actor, invited))
            return redirect("actors:edit", slug=actor.slug)
    return render(
        request,
        "actors/manage_invite.html",
        {"workspace_section": "actors", "form": form, "actor": actor},
    )


def _invitation_sent(request, actor, invited) -> str:
    """E-mail the person (one message) and say to the coordinator what happened."""
    role = invited.membership.role if invited.membership else invited.invitation.role
    values = {
        "person": invited.user.get_full_name(),
        "role": Membership.Role(role).label.lower(),
        "actor": actor.name,
        "email": invited.user.email,
    }
    if invited.invitation is not None:
        send_invitation_request.enqueue(
            invitation_id=invited.invitation.pk, language=get_language()
        )
        return (
            _(
                "%(email)s har redan ett konto i portalen. Personen har fått en förfrågan om "
                "att bli %(role)s för %(actor)s och blir det när hen har tackat ja."
            )
            % values
        )
    send_account_link.enqueue(
        user_id=invited.user.pk,
        kind=INVITATION,
        language=get_language(),
        actor_id=actor.pk,
        role=role,
        invited_by_id=request.user.pk,
    )
    if invited.new_account:
        return (
            _(
                "%(person)s är inbjuden som %(role)s för %(actor)s. "
                "Inbjudan har skickats till %(email)s."
            )
            % values
        )
    # Inviting a member again sends a new link: the one in the first
    # invitation may have expired, been used or been lost.
    return (
        _(
            "%(person)s är redan %(role)s för %(actor)s. "
            "En ny inbjudan har skickats till %(email)s, med en ny inloggningslänk."
        )
        % values
    )
