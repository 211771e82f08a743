"""Account pages under /konto/: password, one-time sign-in links, invitations to answer."""

from axes.utils import reset as reset_lockouts
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from .. import second_factor
from ..access import own_invitation
from ..forms import SignInLinkForm
from ..links import BACKEND, invitation_for_token, use_up, user_for_token
from ..models import Invitation, User
from ..tasks import SIGN_IN, send_account_link
from ..throttling import first_link_request_in_a_while

# At most one sign-in link per address in this many seconds.


@sensitive_post_parameters()
@never_cache
@login_required
def password_change(request):
    """Change the password; someone who has none yet (invited) sets one without an old one."""
    user = request.user
    has_password = user.has_usable_password()
    form_class = PasswordChangeForm if has_password else SetPasswordForm
    form = form_class(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Changing the password ends the user's other sessions, not this one.
        update_session_auth_hash(request, user)
        return redirect("password_change_done")
    invitations = (
        Invitation.objects.pending()
        .filter(user=user)
        .select_related("actor__county", "invited_by")
        .order_by("created_at")
    )
    return render(
        request,
        "registration/password_change_form.html",
        {
            "form": form,
            "has_password": has_password,
            "invitations": invitations,
            "second_factor_on": second_factor.app_device(user) is not None,
            "recovery_codes_left": second_factor.recovery_codes_left(user),
            "workspace_section": "account",
        },
    )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    # The path the e-mailed link redirects to once its token is in the session.
    reset_url_token = "nytt-losenord"  # noqa: S105  (a path segment)

    def form_valid(self, form):
        # The locked-out page tells people to reset the password: once they
        # have, the lock on their address has done its job.
        reset_lockouts(username=form.user.email)
        return super().form_valid(form)


ANSWERS = {"ja": Invitation.accept, "nej": Invitation.decline}


def _answer(request, invitation) -> bool:
    """Accept or decline `invitation` as the POST says; False for an answer that is neither."""
    answer = ANSWERS.get(request.POST.get("svar", ""))
    if answer is None:
        return False
    values = {"role": invitation.get_role_display().lower(), "actor": invitation.actor.name}
    try:
        answer(invitation)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        if invitation.status == Invitation.Status.ACCEPTED:
            messages.success(request, _("Du är nu %(role)s för %(actor)s.") % values)
        else:
            messages.info(
                request, _("Du har tackat nej till att bli %(role)s för %(actor)s.") % values
            )
    return True


@never_cache
@login_required
@require_POST
def invitation_answer(request, pk):
    """The signed-in owner answers an invitation of their own, from Mitt konto."""
    invitation = own_invitation(request, pk)
    if not _answer(request, invitation):
        return HttpResponseBadRequest()
    return redirect("password_change")


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_link(request):
    """The page the e-mailed invitation opens: the owner answers with a button.

    GET only shows the question (mail scanners fetch every link); POST answers.
    The link does not sign anyone in: whoever holds it can answer only this
    invitation, once.
    """
    token = request.POST.get("token") if request.method == "POST" else request.GET.get("token")
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "actors/invitation_invalid.html", status=410)
    if request.method == "POST":
        if invitation.is_pending and not _answer(request, invitation):
            return HttpResponseBadRequest()
        return redirect(reverse("invitation_link") + "?" + urlencode({"token": token}))
    return render(request, "actors/invitation.html", {"invitation": invitation, "token": token})


@sensitive_post_parameters("sesame")
@never_cache
@require_http_methods(["GET", "POST"])
def accept_link(request):
    """The page an e-mailed link opens: confirm with a button to sign in.

    GET only checks the link. POST checks it again, uses it up and signs in.
    Neither goes through authenticate() and django-axes (see actors/links.py).
    """
    token = request.POST.get("sesame") if request.method == "POST" else request.GET.get("sesame")
    user = user_for_token(token)
    if user is None or (request.method == "POST" and not use_up(user)):
        return render(request, "registration/link_invalid.html", status=410)
    if request.method == "GET":
        return render(
            request, "registration/link_confirm.html", {"link_user": user, "token": token}
        )
    login(request, user, backend=BACKEND)
    if not user.has_usable_password():
        messages.info(
            request,
            _(
                "Välkommen! Du är inloggad. Här kan du välja ett lösenord, eller fortsätta "
                "logga in med länkar som du får via e-post."
            ),
        )
        return redirect("password_change")
    return redirect("workspace")


@never_cache
def request_link(request):
    """Anyone may ask for a sign-in link; the answer never tells whether the address is known.

    Nor whether a link was sent: the limit per address applies to unknown
    addresses too, and the answer is the same page either way.
    """
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if first_link_request_in_a_while(email):
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is not None:
                send_account_link.enqueue(user_id=user.pk, kind=SIGN_IN, language=get_language())
        return redirect("request_link_sent")
    return render(request, "registration/link_request.html", {"form": form})


def request_link_sent(request):
    return render(request, "registration/link_sent.html")
