"""The second factor at sign-in (django-otp): a code from an authenticator app (TOTP),
or one of ten recovery codes, each usable once.

Coordinators and national administrators must have one; anyone else may add one,
and once they have it they are asked for it too. A session "owes" the second factor
while its user needs one and has not given it: such a session reaches only the
pages that take it (SecondFactorMiddleware, the one place the portal enforces it;
the admin site asks again in its has_permission).
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .rules import coordinated_county_ids, is_national_admin

# Shown once after enrolment or regeneration, then taken out of the session.
NEW_CODES_SESSION_KEY = "second_factor_new_codes"
APP_DEVICE_NAME = "Autentiseringsapp"
RECOVERY_DEVICE_NAME = "Reservkoder"


def is_staff(user) -> bool:
    """Coordinators and national administrators: they must have a second factor."""
    return is_national_admin(user) or bool(coordinated_county_ids(user))


def app_device(user, *, confirmed=True):
    """The user's authenticator app (confirmed: enrolled), or None."""
    if not (user and user.is_authenticated):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def is_verified(request) -> bool:
    """Whether this session has passed the second factor (django_otp's middleware)."""
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def owed(request) -> str | None:
    """What the session owes before it counts as signed in: "code" (the user has a
    second factor and has not given it here), "enrol" (staff without one), or None."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return None
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return "code"
    if is_staff(user):
        return "enrol"
    return None


def verified(request, device) -> None:
    """The session has passed the second factor with `device`: a new session key (the
    one from before the second factor is worth nothing), then django_otp's mark."""
    request.session.cycle_key()
    otp_login(request, device)


def normalise_code(typed: str) -> str:
    """Codes are read aloud, copied and pasted: spaces and dashes do not count."""
    return "".join(typed.split()).replace("-", "").lower()


def is_app_code(code: str) -> bool:
    return code.isdigit() and len(code) == 6


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def replace_recovery_codes(user) -> list[str]:
    """Ten new recovery codes for `user`; the old ones stop working."""
    count = settings.SECOND_FACTOR_RECOVERY_CODES
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = []
        while len(codes) < count:
            code = StaticToken.random_token()
            if code not in codes:
                codes.append(code)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def new_recovery_codes(request) -> list[str]:
    """New recovery codes for the signed-in user, shown once: the next page takes them
    out of the session."""
    codes = replace_recovery_codes(request.user)
    request.session[NEW_CODES_SESSION_KEY] = codes
    return codes


def ensure_app_device(user):
    """A confirmed authenticator app for `user` (the demo's staff: `load_demo`)."""
    device = app_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)
    return device


def pending_app_device(user):
    """The authenticator app being enrolled: the same secret until it is confirmed, so
    that reloading the page does not invalidate what was already scanned."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def confirm(request, device) -> list[str]:
    """The code was right: the app is the user's second factor, the session is
    verified, and the first recovery codes are made."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    verified(request, device)
    return new_recovery_codes(request)


def remove(request) -> None:
    """The user's second factor is gone, and with it this session's verification."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=request.user).delete()
        StaticDevice.objects.filter(user=request.user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.user.otp_device = None


def secret_text(device) -> str:
    """The secret as an authenticator app takes it typed (base32), in groups of four:
    for whoever cannot scan the QR code."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device, title) -> str:
    """The otpauth:// address as an inline SVG QR code (no style attributes: the CSP)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, title=title, svgclass="second-factor-qr", lineclass=None
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


# Pages a session that owes the second factor may still reach: those that take it,
# signing out, the language switch, and what is not a page for a signed-in user.
OPEN_URL_NAMES = {
    "second_factor",
    "second_factor_enrol",
    "logout",
    "set_language",
    "health",
    "robots",
    "sitemap",
}
OPEN_NAMESPACES = {"api"}


class SecondFactorMiddleware:
    """A session that owes the second factor is sent to give it (or, staff without one,
    to enrol) from every page, the admin's included: the password alone does not
    count as signed in for someone who needs a second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name in OPEN_URL_NAMES:
            return None
        if OPEN_NAMESPACES & set(match.namespaces):
            return None
        what = owed(request)
        if what is None:
            return None
        target = reverse("second_factor" if what == "code" else "second_factor_enrol")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
