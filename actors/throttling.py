"""The client and the account as login throttling (django-axes) counts them, and how
often an address may be sent a link by e-mail."""

import hashlib
from ipaddress import ip_address

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Sum
from django.db.models.functions import Lower
from django.utils import timezone

from .models import User, normalise_address
from .rules import is_national_admin

LINK_REQUEST_INTERVAL = 5 * 60


def _address(text: str) -> str | None:
    """The IP address in an X-Forwarded-For entry ("198.51.100.7", "[2001:db8::1]:443"), or None."""
    text = text.strip()
    if text.startswith("["):  # [IPv6]:port
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4:port
        text = text.partition(":")[0]
    try:
        return str(ip_address(text))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address, seen through AXES_IPWARE_PROXY_COUNT proxies.

    Behind a load balancer every request comes from the balancer's address
    (REMOTE_ADDR): counted by that, one person's failed logins would lock the
    address they tried for everyone, everywhere. Each proxy appends the address
    it was connected from to X-Forwarded-For, so with N proxies of our own in
    front of the portal the client is the N-th entry from the right; anything
    to the left of it the client may have written itself and is not believed.

    django-axes does this itself only with django-ipware installed and with
    X-Forwarded-For in AXES_IPWARE_META_PRECEDENCE_ORDER; this needs neither
    and keeps the setting's name and meaning.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.AXES_IPWARE_PROXY_COUNT or 0
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        return remote
    return _address(forwarded[-proxies]) or remote


def login_address(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the address a login attempt counts against, as stored.

    django-axes counts failures per username exactly as it is given to
    authenticate(). Every login form (the portal's, the admin's, any other)
    hands it on as typed, and login ignores case: counted as typed, every way
    of writing an address would buy five more guesses for the same account,
    and a lock from one form would not hold at the other. Normalised here, by
    the function the account lookup uses, there is one count per account.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        typed = credentials.get(field)
    else:
        typed = getattr(request, "data", request.POST).get(field)
    # None stays None: attempts without an address are counted per client alone.
    return None if typed is None else normalise_address(typed)


class LoginThrottle(AxesDatabaseHandler):
    """AXES_HANDLER: django-axes' database handler with two limits.

    AXES_LOCKOUT_PARAMETERS counts every failure twice: for the address and the
    client together (five failures lock that address for that client) and for the
    client alone, whatever the address, so that one client cannot try a common
    password against every address (password spraying). The client's own limit,
    AXES_CLIENT_FAILURE_LIMIT, is higher: a county office behind one address has
    several people who mistype their passwords.
    """

    def get_failures(self, request, credentials=None) -> int:
        per_account, per_client = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # axes compares one number with one limit: the client's count is scaled so
        # that it reaches AXES_FAILURE_LIMIT exactly at AXES_CLIENT_FAILURE_LIMIT.
        limit = get_failure_limit(request, credentials)
        client_limit = max(1, settings.AXES_CLIENT_FAILURE_LIMIT)
        return max(per_account, per_client * limit // client_limit)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears its own address's failures, not the client's
        failures at other addresses: signing in to one's own account between
        tries must not reset the count of a spray."""
        account = self.filter_user_attempts(request, credentials)[0]
        count, _ = account.delete()
        return count


def first_link_request_in_a_while(email: str, kind: str = "link") -> bool:
    """True for the first request of `kind` (a sign-in link, a password reset) for
    `email` in LINK_REQUEST_INTERVAL, False after it.

    Keeps the forms from being used to flood someone's inbox. The key is a hash
    of the address as the accounts store it (lower case). cache.add() is atomic,
    so two requests at once cannot both be first. The count is shared between
    processes only with a shared cache (CACHE_URL; a deploy check warns).
    """
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return cache.add(f"actors:{kind}-request:{digest}", True, timeout=LINK_REQUEST_INTERVAL)


def first_request_in(key: str, seconds: int) -> bool:
    """True for the first call with `key` in `seconds`, False for any other, also for
    calls at the same moment: cache.add() writes only where nothing is, in one step,
    which a read and then a write cannot do (twenty requests at once would all read
    "nothing yet"). Shared between processes with a shared cache (CACHE_URL)."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    return cache.add(f"actors:first-request:{digest}", True, timeout=seconds)


def current_lockouts(user):
    """Addresses locked out now, each with its client: the ones `user` may see and unlock.

    A coordinator sees the members of their counties' actors, never a
    coordinator's or a staff account (User.objects.vouched_for_by). Attempts for
    addresses that are nobody's account only the national administrator sees:
    such a lock protects no account, but the addresses someone tries and where
    from are nothing a county needs to see.
    """
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    if not is_national_admin(user):
        people = User.objects.vouched_for_by(user).values("email")
        attempts = attempts.annotate(login=Lower("username")).filter(login__in=people)
    return (
        attempts.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=get_failure_limit(None, None))
        .order_by("-last_attempt", "username")
    )
