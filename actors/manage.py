"""The coordinators' workspace for the actors app: the actor register, invitations, lockouts."""

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset as reset_lockouts
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import ActorFilterForm, ActorForm, InvitationForm
from .models import Actor, County, User
from .reference import municipality_names
from .rules import coordinated_county_ids, is_national_admin
from .services import invite_member
from .tasks import INVITATION, send_account_link

ACTORS_PAGE_SIZE = 50


def require_coordinator(request):
    if not request.user.has_perm("actors.coordinate"):
        raise PermissionDenied


def managed_actor(request, slug) -> Actor:
    """The actor `slug` if the user keeps its register entry; 404 otherwise."""
    return get_object_or_404(
        Actor.objects.managed_by(request.user).select_related("county"), slug=slug
    )


@login_required
def actor_list(request):
    require_coordinator(request)
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


@login_required
def actor_create(request):
    require_coordinator(request)
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
    return render(
        request,
        "actors/manage_form.html",
        {"workspace_section": "actors", "form": form, "actor": actor, "members": members},
    )


@login_required
def actor_invite(request, slug):
    actor = managed_actor(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership, created = invite_member(
            actor=actor,
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            role=form.cleaned_data["role"],
            by=request.user,
        )
        send_account_link.enqueue(
            user_id=membership.user.pk,
            kind=INVITATION,
            language=get_language(),
            actor_id=actor.pk,
            role=membership.role,
            invited_by_id=request.user.pk,
        )
        values = {
            "person": membership.user.get_full_name(),
            "role": membership.get_role_display().lower(),
            "actor": actor.name,
            "email": membership.user.email,
        }
        if created:
            message = _(
                "%(person)s är inbjuden som %(role)s för %(actor)s. "
                "Inbjudan har skickats till %(email)s."
            )
        else:
            # Inviting a member again sends a new link: the one in the first
            # invitation may have expired, been used or been lost.
            message = _(
                "%(person)s är redan %(role)s för %(actor)s. "
                "En ny inbjudan har skickats till %(email)s, med en ny inloggningslänk."
            )
        messages.success(request, message % values)
        return redirect("actors:edit", slug=actor.slug)
    return render(
        request,
        "actors/manage_invite.html",
        {"workspace_section": "actors", "form": form, "actor": actor},
    )


def current_lockouts(user):
    """Addresses locked out now, each with its client: the ones `user` may see and unlock.

    A coordinator sees the people of their counties (coordinators, and members
    of the counties' actors); attempts for addresses that are nobody's account
    only the national administrator sees.
    """
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    if not is_national_admin(user):
        counties = coordinated_county_ids(user)
        people = User.objects.filter(
            Q(county_roles__county_id__in=counties) | Q(memberships__actor__county_id__in=counties)
        ).values("email")
        attempts = attempts.annotate(login=Lower("username")).filter(login__in=people)
    return (
        attempts.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=get_failure_limit(None, None))
        .order_by("-last_attempt", "username")
    )


@login_required
def lockout_list(request):
    require_coordinator(request)
    lockouts = list(current_lockouts(request.user))
    emails = {(row["username"] or "").lower() for row in lockouts}
    people = User.objects.filter(email__in=emails).exclude(full_name="")
    names = dict(people.values_list("email", "full_name"))
    cool_off = get_cool_off()
    for row in lockouts:
        row["name"] = names.get((row["username"] or "").lower(), "")
        row["until"] = row["last_attempt"] + cool_off if cool_off else None
    return render(
        request,
        "actors/lockouts.html",
        {"workspace_section": "lockouts", "lockouts": lockouts},
    )


@login_required
@require_POST
def lockout_unlock(request):
    require_coordinator(request)
    username = request.POST.get("username", "")
    ip_address = request.POST.get("ip_address", "")
    lockouts = current_lockouts(request.user)
    if username:
        if not lockouts.filter(username=username).exists():
            raise Http404
        reset_lockouts(username=username)
        shown = username
    else:
        # Attempts without an address were sign-in links that did not work,
        # counted per client until links stopped going through django-axes
        # (see actors/links.py); only the national administrator sees those.
        if not ip_address or not lockouts.filter(username=None, ip_address=ip_address).exists():
            raise Http404
        AccessAttempt.objects.filter(username=None, ip_address=ip_address).delete()
        shown = ip_address
    messages.success(request, _("%(login)s kan logga in igen.") % {"login": shown})
    return redirect("actors:lockouts")
