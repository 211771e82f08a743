import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Min
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult

from pledges.models import Pledge

HEALTH_CACHE_KEY = "health-check"


def home(request):
    recent = Pledge.objects.published().for_listing().order_by("-signed_at", "-pk")[:6]
    return render(request, "home.html", {"recent_pledges": recent})


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001  (any failure means unhealthy)
        return False
    return True


def _cache_answers() -> bool:
    """Whether the shared cache (Redis in production) stores and returns a value: the
    sessions where cached, the throttles and the public pages' versions live there."""
    # A key of the request's own: two processes probing at once never read each
    # other's value.
    token = secrets.token_hex(8)
    key = f"{HEALTH_CACHE_KEY}:{token}"
    try:
        cache.set(key, token, timeout=30)
        answered = cache.get(key) == token
        cache.delete(key)
    except Exception:  # noqa: BLE001  (any failure means unhealthy)
        return False
    return answered


@never_cache
def health(request):
    """For the load balancer and the monitoring: the database, the cache and the task
    queue, in one JSON object. 503 when this web process cannot serve (the database or
    the cache does not answer); 200 with "status": "degraded" when only the queue is
    stale (its oldest waiting task older than HEALTH_MAX_TASK_AGE_SECONDS): the pages
    still work, and a load balancer that took every web process out because a worker
    stopped would turn a late e-mail into an outage. Two queries, no login."""
    database = _database_answers()
    cache_ok = _cache_answers()
    body = {"database": "ok" if database else "error", "cache": "ok" if cache_ok else "error"}
    if database:
        # The queue lives in the database: only asked when it answers.
        oldest = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]
        age = max(0, int((timezone.now() - oldest).total_seconds())) if oldest else 0
        stale = age > settings.HEALTH_MAX_TASK_AGE_SECONDS
        body["tasks"] = "stale" if stale else "ok"
        body["oldest_task_seconds"] = age
    if not (database and cache_ok):
        body["status"] = "error"
        return JsonResponse(body, status=503)
    body["status"] = "degraded" if body["tasks"] == "stale" else "ok"
    return JsonResponse(body)
