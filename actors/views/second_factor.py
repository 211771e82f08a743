"""The second factor under /konto/: the code asked for at sign-in, enrolling an
authenticator app, the recovery codes, and removing it all (actors/second_factor.py).

Every page acts on the signed-in user's own account and names no other: nobody
enrols or removes a second factor for someone else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from .. import second_factor as sf
from ..forms import RemoveSecondFactorForm, SecondFactorCodeForm


def _next(request, default="workspace"):
    """Where to go once the code is given: the page that asked for it, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _throttled(device) -> str | None:
    """The message for a device that refuses to check codes after too many wrong
    ones (django-otp's throttling: each wrong code doubles the wait), or None."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    until = timezone.localtime(info["locked_until"]) if info and "locked_until" in info else None
    if until is None:
        return _("För många felaktiga koder i rad. Vänta en stund och försök igen.")
    return _("För många felaktiga koder i rad. Vänta till klockan %(time)s och försök igen.") % {
        "time": time_format(until, "H:i:s")
    }


def _check(device, code) -> bool:
    """Ask the device about the code, one request at a time (the row is locked, so two
    requests at once cannot both use one code or one wait)."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        return locked.verify_token(code)


WRONG_CODE = (
    "Koden stämmer inte. Skriv de sex siffror som appen visar just nu (de byts var 30:e "
    "sekund), eller en reservkod."
)


@sensitive_post_parameters("code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """After the password: the code from the app, or a recovery code."""
    owed = sf.owed(request)
    if owed == "enrol":
        return redirect("second_factor_enrol")
    if owed is None:
        return redirect(_next(request))
    form = SecondFactorCodeForm(request.POST or None)
    throttled = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if sf.is_app_code(code):
            device = sf.app_device(request.user)
        else:
            device = sf.recovery_device(request.user)
        throttled = device and _throttled(device)
        if device is None:
            form.add_error("code", _(WRONG_CODE))
        elif throttled:
            form.add_error("code", throttled)
        elif _check(device, code):
            sf.verified(request, device)
            if not sf.is_app_code(code):
                left = sf.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    ngettext(
                        "Du loggade in med en reservkod. Den fungerar inte igen. Du har "
                        "%(count)d reservkod kvar: skapa nya under Mitt konto.",
                        "Du loggade in med en reservkod. Den fungerar inte igen. Du har "
                        "%(count)d reservkoder kvar.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(_next(request))
        else:
            form.add_error("code", _(WRONG_CODE))
    return render(
        request,
        "registration/second_factor.html",
        {"form": form, "next": _next(request, default="")},
    )


@sensitive_post_parameters("code")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Add an authenticator app: scan the QR code (or type the secret), then prove it
    with a code. Only someone without one enrols: replacing it goes through removing
    it, which asks for the password or a code."""
    if sf.app_device(request.user) is not None:
        if sf.owed(request) == "code":
            return redirect("second_factor")
        messages.info(request, _("Du har redan tvåstegsverifiering."))
        return redirect("password_change")
    device = sf.pending_app_device(request.user)
    form = SecondFactorCodeForm(request.POST or None, recovery=False)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        throttled = _throttled(device)
        if throttled:
            form.add_error("code", throttled)
        elif sf.is_app_code(code) and _check(device, code):
            device.refresh_from_db()
            sf.confirm(request, device)
            return redirect("second_factor_recovery_codes")
        else:
            form.add_error(
                "code",
                _(
                    "Koden stämmer inte. Kontrollera att du lade till nyckeln ovan i appen och "
                    "att klockan i telefonen går rätt, och skriv de sex siffror som appen visar "
                    "just nu."
                ),
            )
    return render(
        request,
        "registration/second_factor_enrol.html",
        {
            "form": form,
            "qr_svg": sf.qr_svg(device, _("QR-kod för autentiseringsappen")),
            "secret": sf.secret_text(device),
            "required": sf.is_staff(request.user),
            "workspace_section": "account",
        },
    )


@never_cache
@login_required
def recovery_codes(request):
    """The new recovery codes, shown once: the session gives them up as they are shown."""
    if sf.app_device(request.user) is None:
        return redirect("password_change")
    codes = request.session.pop(sf.NEW_CODES_SESSION_KEY, None)
    return render(
        request,
        "registration/second_factor_recovery_codes.html",
        {
            "codes": codes,
            "left": sf.recovery_codes_left(request.user),
            "workspace_section": "account",
        },
    )


@never_cache
@login_required
@require_POST
def new_recovery_codes(request):
    """Ten new recovery codes; the old ones stop working."""
    if sf.app_device(request.user) is None:
        return redirect("password_change")
    sf.new_recovery_codes(request)
    return redirect("second_factor_recovery_codes")


@sensitive_post_parameters("secret")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def remove(request):
    """Remove the second factor, with the password or a current code. Coordinators and
    national administrators must then enrol again before they go on."""
    device = sf.app_device(request.user)
    if device is None:
        return redirect("password_change")
    form = RemoveSecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        secret = form.cleaned_data["secret"]
        code = sf.normalise_code(secret)
        throttled = _throttled(device)
        if throttled:
            form.add_error("secret", throttled)
        elif (request.user.has_usable_password() and request.user.check_password(secret)) or (
            sf.is_app_code(code) and _check(device, code)
        ):
            sf.remove(request)
            if sf.is_staff(request.user):
                messages.warning(
                    request,
                    _(
                        "Tvåstegsverifieringen är borttagen. Som samordnare eller "
                        "administratör behöver du lägga till den igen innan du fortsätter."
                    ),
                )
                return redirect("second_factor_enrol")
            messages.success(request, _("Tvåstegsverifieringen är borttagen."))
            return redirect("password_change")
        else:
            # A wrong password counts as a wrong code: guessing either here waits alike.
            device.refresh_from_db()
            if not sf.is_app_code(code):
                device.throttle_increment()
            form.add_error("secret", _("Lösenordet eller koden stämmer inte."))
    return render(
        request,
        "registration/second_factor_remove.html",
        {
            "form": form,
            "required": sf.is_staff(request.user),
            "workspace_section": "account",
        },
    )
