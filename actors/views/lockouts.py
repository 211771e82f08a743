"""The coordinators' page of locked-out accounts, and lifting a lock."""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as reset_lockouts
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..decorators import coordinator_required
from ..models import User
from ..throttling import current_lockouts


@coordinator_required
def lockout_list(request):
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


@coordinator_required
@require_POST
def lockout_unlock(request):
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
