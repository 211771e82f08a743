"""One-time sign-in links (django-sesame), as e-mailed in invitations and on request.

A link leads to a page that asks the person to confirm with a button: opening
it does not sign anyone in and does not use it up, so the link scanners of
mail servers, which fetch every link in a message, cannot spend it.
"""

from django.conf import settings
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from sesame.utils import get_query_string

from .models import User
from .tasks import send_templated_email

BACKEND = "sesame.backends.ModelBackend"


def sign_in_url(request, user) -> str:
    return request.build_absolute_uri(reverse("accept_link") + get_query_string(user))


def link_lifetime() -> str:
    """How long a link lasts, for the e-mail: "7 dagar", "12 timmar"."""
    hours = max(1, settings.SESAME_MAX_AGE // 3600)
    if hours % 24 == 0:
        days = hours // 24
        return ngettext("%(n)d dag", "%(n)d dagar", days) % {"n": days}
    return ngettext("%(n)d timme", "%(n)d timmar", hours) % {"n": hours}


def user_for_token(request, token: str | None):
    """The active user a valid, unused, unexpired token names; None otherwise.

    Checking does not use the token up. `sesame.utils.get_user(token)` would
    call authenticate() without the request, which django-axes refuses.
    """
    if not token:
        return None
    return authenticate(request, sesame=token)


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


def email_sign_in_link(request, user, *, template: str, context: dict | None = None) -> None:
    send_templated_email.enqueue(
        to=[user.email],
        template=template,
        context={
            "name": user.get_full_name(),
            "url": sign_in_url(request, user),
            "lifetime": link_lifetime(),
            **(context or {}),
        },
        language=get_language(),
    )
