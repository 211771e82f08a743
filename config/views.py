from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Min
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult

from pledges.models import Pledge


def home(request):
    recent = Pledge.objects.published().for_listing().order_by("-signed_at", "-pk")[:6]
    return render(request, "home.html", {"recent_pledges": recent})


@never_cache
def health(request):
    """For the load balancer: 200 when the database answers and the task queue is
    being worked off, 503 saying which part is not. Two queries, no login."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001  (any failure means unhealthy)
        # The queue lives in the database: nothing more to ask.
        return JsonResponse({"database": "error"}, status=503)
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]
    max_age = timedelta(seconds=settings.HEALTH_MAX_TASK_AGE_SECONDS)
    if oldest is not None and timezone.now() - oldest > max_age:
        return JsonResponse({"database": "ok", "tasks": "stale"}, status=503)
    return JsonResponse({"database": "ok", "tasks": "ok"})
