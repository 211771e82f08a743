"""The public pages' shared cache: a published pledge's page, the list of pledges, an
actor's and a county's page, served from the cache (Redis in production) without
rendering while nothing they show has changed.

Versions, not deletions. Each page depends on version keys named from its address
alone (`pledge_key(slug)`, `actor_key(slug)`, `county_key(slug)`, `LIST_KEY`), so that
they are read before anything the page shows is read from the database: a change that
commits while a page renders leaves that page under the old version, never the new.
A change bumps every key of a page that shows it (`pledge_changed`, `actor_changed`,
`county_changed`): the pledge's own, its actor's, its county's, its predecessor's and
successor's, the list's; a county's change reaches all its actors and pledges, one
query for their slugs. The bump is written at once and again when the transaction
commits, so that a page rendered between the two, from data not committed yet, is
left under a version nobody asks for. A version is a fresh unique value
(time_ns + random), never a counter: a key the cache evicted comes back as a value no
stored page was ever filed under.

The entry's key, and the page's ETag, are a digest of the view, the address (with the
language's /en/), the query string (its parameters sorted), whether htmx asked, and
the versions. Last-Modified is the latest version's time: the moment of the last
change (or of the eviction, which is later: never too early).

Only a visitor without a session and without a flash message is served from the cache,
and only such a visitor's page is stored (that is: never a signed-in person's, nor one
holding a report link's grant). A response that sets a cookie, used the CSRF token, or
carries a form's token is not stored. Pages say `Cache-Control: public, no-cache`:
shared and browser caches may keep them, and ask each time with the ETag, which is
answered 304 from two cache reads and no query; a change is never shown late.

Apps depend one way (followup -> pledges -> actors): this is the lowest app that
changes public pages (a county's contact details, an actor's name), so the machinery
lives here, and the later apps call `pledge_changed` from the methods that change what
a pledge's page shows.
"""

import hashlib
import secrets
import threading
import time
from contextlib import contextmanager
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

LIST_KEY = "pagever:list"
ENTRY_PREFIX = "page:"
CACHE_CONTROL = {"public": True, "no_cache": True}


def pledge_key(slug: str) -> str:
    return f"pagever:pledge:{slug}"


def actor_key(slug: str) -> str:
    return f"pagever:actor:{slug}"


def county_key(slug: str) -> str:
    return f"pagever:county:{slug}"


def _fresh() -> str:
    return f"{time.time_ns()}.{secrets.token_hex(4)}"


def _written_at(version: str) -> float:
    return int(version.split(".", 1)[0]) / 1e9


def current_versions(keys) -> dict[str, str]:
    """The versions of `keys`; a key the cache does not hold starts from a fresh value
    (`add`: of two processes starting it at once, one wins and both read its value)."""
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        for key in missing:
            cache.add(key, _fresh(), timeout=None)
        found.update(cache.get_many(missing))
        # Evicted again at once: a value nobody stored a page under.
        found.update({k: _fresh() for k in missing if k not in found})
    return found


_batch = threading.local()


@contextmanager
def batched():
    """Many changes at once (a programme's import): each county's, actor's or pledge's
    pages are bumped once, at the end, instead of once per row."""
    if getattr(_batch, "pending", None) is not None:
        yield
        return
    _batch.pending = {}
    try:
        yield
    finally:
        pending, _batch.pending = _batch.pending, None
        for change, instance, kwargs in pending.values():
            change(instance, **kwargs)


def _deferred(change, instance, **kwargs) -> bool:
    pending = getattr(_batch, "pending", None)
    if pending is None:
        return False
    pending[(change.__name__, instance.pk)] = (change, instance, kwargs)
    return True


def bump(*keys) -> None:
    """Every page under `keys` is out of date: now, and again on commit."""
    keys = set(keys)
    if not keys:
        return

    def write():
        cache.set_many({k: _fresh() for k in keys}, timeout=None)

    write()
    transaction.on_commit(write)


def pledge_changed(pledge) -> None:
    """What a pledge's public page shows has changed (its status, its signed version, an
    accepted report, …): its page, its predecessor's and successors' (they show each
    other), its actor's and county's pages and the list. One query."""
    if _deferred(pledge_changed, pledge):
        return
    related = Q(pk=pledge.pk) | Q(previous_id=pledge.pk)
    if pledge.previous_id:
        related |= Q(pk=pledge.previous_id)
    rows = (
        type(pledge)
        .objects.filter(related)
        .order_by()
        .values_list("slug", "actor__slug", "county__slug")
    )
    keys = {LIST_KEY}
    for slug, actor_slug, county_slug in rows:
        keys |= {pledge_key(slug), actor_key(actor_slug), county_key(county_slug)}
    bump(*keys)


def actor_changed(actor, *, created: bool = False, old_slug: str = "") -> None:
    """The actor's name (or anything else about it) shows on its page, its pledges'
    pages, its county's page and the list. `old_slug`: the slug it was read with."""
    if _deferred(actor_changed, actor, created=created, old_slug=old_slug):
        return
    slugs = [] if created else list(actor.pledges.values_list("slug", flat=True))
    bump(
        LIST_KEY,
        actor_key(actor.slug),
        *([actor_key(old_slug)] if old_slug else []),
        county_key(actor.county.slug),
        *(pledge_key(s) for s in slugs),
    )


def county_changed(county, *, created: bool = False, old_slug: str = "") -> None:
    """The county's texts, contact details, governor or action programme show on its
    page, on every page of its actors and pledges, and in the list's filters. Two
    queries (none for a new county)."""
    if _deferred(county_changed, county, created=created, old_slug=old_slug):
        return
    pledges, actors = [], []
    if not created:
        pledges = list(county.pledges.values_list("slug", flat=True))
        actors = list(county.actors.values_list("slug", flat=True))
    bump(
        LIST_KEY,
        county_key(county.slug),
        *([county_key(old_slug)] if old_slug else []),
        *(pledge_key(s) for s in pledges),
        *(actor_key(s) for s in actors),
    )


# Serving ---------------------------------------------------------------------------


def _sharable(request) -> bool:
    """A visitor whose page is anybody's: no session (so nobody signed in, and no
    report link's grant), no flash message waiting."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES:
        return False
    session = getattr(request, "session", None)
    return session is None or session.is_empty()


def _query(request) -> str:
    return urlencode(sorted(request.GET.lists()), doseq=True)


def _digest(request, view_name: str, versions: dict[str, str]) -> str:
    parts = [
        view_name,
        get_language() or "",
        "htmx" if request.headers.get("HX-Request") == "true" else "page",
        request.path,
        _query(request),
        *(f"{k}={versions[k]}" for k in sorted(versions)),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or b"csrfmiddlewaretoken" in response.content:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "added_new", False):
        return False
    session = getattr(request, "session", None)
    return session is None or (session.is_empty() and not session.modified)


def _validators(response, etag: str, last_modified: float) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, **CACHE_CONTROL)
    # The same address serves a signed-in person their own page (never from here);
    # and htmx's partial request is another variant.
    patch_vary_headers(response, ("Cookie", "HX-Request"))


def public_page(versions):
    """The view's page is served from the shared cache for visitors without a session.
    `versions(**view_kwargs)` names the version keys the page depends on."""

    def decorator(view):
        view_name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _sharable(request):
                return view(request, *args, **kwargs)
            found = current_versions(list(versions(**kwargs)))
            digest = _digest(request, view_name, found)
            etag = f'"{digest}"'
            last_modified = int(max(_written_at(v) for v in found.values()))
            response = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if response is None:
                entry = cache.get(ENTRY_PREFIX + digest)
                if entry is not None:
                    response = HttpResponse(entry["content"], content_type=entry["content_type"])
                else:
                    response = view(request, *args, **kwargs)
                    if not _storable(request, response):
                        return response
                    cache.set(
                        ENTRY_PREFIX + digest,
                        {"content": response.content, "content_type": response["Content-Type"]},
                        settings.PUBLIC_PAGE_CACHE_SECONDS,
                    )
            _validators(response, etag, last_modified)
            return response

        return wrapped

    return decorator
