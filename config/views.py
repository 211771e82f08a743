from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from pledges.models import Pledge


def home(request):
    recent = Pledge.objects.published().for_listing().order_by("-signed_at", "-pk")[:6]
    return render(request, "home.html", {"recent_pledges": recent})


@never_cache
def health(request):
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001  (any failure means unhealthy)
        return JsonResponse({"database": "error"}, status=503)
    return JsonResponse({"database": "ok"})
