"""One-time sign-in links (django-sesame), as e-mailed in invitations and on request.

A link leads to a page that asks the person to confirm with a button: opening
it does not sign anyone in and does not use it up, so the link scanners of
mail servers, which fetch every link in a message, cannot spend it.

Links do not go through authenticate(), and so not through django-axes. Axes
would count a spent or expired link as a failed login of (no address, the
client's IP address), and five of those from one office's NAT, or from a mail
scanner fetching old links again, would lock out everyone's links from there.
Throttling has nothing to protect here: a token is signed with an 80-bit MAC
(django-sesame's SESAME_SIGNATURE_SIZE of 10 bytes), which no one guesses by
trying, however many tries they get.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from django.utils.translation import ngettext
from sesame.backends import ModelBackend as SesameBackend
from sesame.tokens import parse_token
from sesame.utils import get_query_string

from .models import Invitation, User

BACKEND = "sesame.backends.ModelBackend"
INVITATION_SALT = "actors.invitation"


def absolute_url(path: str) -> str:
    """`path` on the portal's own address: links in e-mail are made without a request."""
    return settings.SITE_URL.rstrip("/") + path


def sign_in_url(user) -> str:
    """A new one-time sign-in link for `user`, in the active language."""
    return absolute_url(reverse("accept_link") + get_query_string(user))


def password_reset_url(user) -> str:
    """A new password-reset link for `user`, as Django's PasswordResetConfirmView takes it."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))


def link_lifetime() -> str:
    """How long a link lasts, for the e-mail: "7 dagar", "12 timmar"."""
    hours = max(1, settings.SESAME_MAX_AGE // 3600)
    if hours % 24 == 0:
        days = hours // 24
        return ngettext("%(n)d dag", "%(n)d dagar", days) % {"n": days}
    return ngettext("%(n)d timme", "%(n)d timmar", hours) % {"n": hours}


def user_for_token(token: str | None):
    """The active user a valid, unused, unexpired token names; None otherwise.

    Checking does not use the token up. This is django-sesame's own check
    (what its backend's authenticate() does), called directly: see above.
    """
    if not token:
        return None
    return parse_token(token, SesameBackend().get_user)


def use_up(user) -> bool:
    """Spend the token that named `user`: False if another request spent it first.

    django-sesame's one-time tokens carry the user's last login; moving it on
    invalidates them. The update only succeeds if last_login is still what the
    token was checked against, so two clicks at once cannot both sign in.
    """
    now = timezone.now()
    spent = User.objects.filter(pk=user.pk, last_login=user.last_login).update(last_login=now)
    user.last_login = now
    return spent == 1


def invitation_url(invitation: Invitation) -> str:
    """The link that lets the invited account's owner answer, signed in or not.

    It names the invitation and the address it was sent to; it works as long as
    a sign-in link would, and only while the invitation waits for an answer.
    """
    token = signing.dumps([invitation.pk, invitation.user.email], salt=INVITATION_SALT)
    return absolute_url(reverse("invitation_link") + "?" + urlencode({"token": token}))


def invitation_for_token(token: str | None) -> Invitation | None:
    """The invitation a valid, unexpired token names, answered or not; None otherwise."""
    try:
        pk, email = signing.loads(
            token or "", salt=INVITATION_SALT, max_age=settings.SESAME_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):  # also SignatureExpired
        return None
    return (
        Invitation.objects.select_related("user", "actor__county", "invited_by")
        .filter(pk=pk, user__email=email, user__is_active=True)
        .first()
    )
