import secrets
import sys
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Min
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult

from actors.models import County
from actors.tasks import send_templated_email
from actors.throttling import client_ip, first_request_in
from pledges.models import Pledge

from .forms import AccessibilityReportForm
from .models import WorkerHeartbeat

HEALTH_CACHE_KEY = "health-check"

# One report about the site's accessibility per client in this many seconds: enough
# for a person, too few to flood a county's inbox from one address.
ACCESSIBILITY_REPORT_INTERVAL = 60


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
    stopped would turn a late e-mail into an outage. "workers": how many task workers
    are alive. Three queries, no login."""
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
        # The workers heard from within TASKS_WORKER_TIMEOUT_SECONDS (config/worker.py):
        # for the monitoring (none alive, and tasks wait), never a reason to take a web
        # process out.
        heard = timezone.now() - timedelta(seconds=settings.TASKS_WORKER_TIMEOUT_SECONDS)
        body["workers"] = WorkerHeartbeat.objects.filter(beat_at__gte=heard).count()
    if not (database and cache_ok):
        body["status"] = "error"
        return JsonResponse(body, status=503)
    body["status"] = "degraded" if body["tasks"] == "stale" else "ok"
    return JsonResponse(body)


def accessibility(request):
    """The accessibility statement (lagen 2018:1937, DIGG's model) with its form for
    reporting a problem, which is e-mailed to the county's contact address."""
    initial = {"page": request.GET.get("sida", "")[:500], "county": request.GET.get("lan")}
    form = AccessibilityReportForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        if first_request_in(
            f"accessibility-report:{client_ip(request)}", ACCESSIBILITY_REPORT_INTERVAL
        ):
            _send_accessibility_report(request, form.cleaned_data)
            return redirect("accessibility_thanks")
        form.add_error(
            None,
            _("Du skickade nyss en synpunkt. Vänta en minut innan du skickar nästa."),
        )
        status = 429
    context = {
        "form": form,
        "made": parse_date(settings.ACCESSIBILITY_STATEMENT_MADE),
        "reviewed": parse_date(settings.ACCESSIBILITY_STATEMENT_REVIEWED),
    }
    return render(request, "site/accessibility.html", context, status=status)


def _send_accessibility_report(request, data) -> None:
    county = data["county"]
    to = (county.contact_email if county else "") or settings.ACCESSIBILITY_CONTACT_EMAIL
    send_templated_email.enqueue(
        to=[to],
        template="site/email/accessibility_report",
        context={
            "name": data["name"],
            "email": data["email"],
            "county": county.name if county else "",
            "page": data["page"],
            "message": data["message"],
            "statement_url": f"{settings.SITE_URL}{reverse('accessibility')}",
        },
        # The boards read Swedish, whichever language the visitor wrote from.
        language="sv",
    )


def accessibility_thanks(request):
    return render(request, "site/accessibility_thanks.html")


def privacy(request):
    counties = County.objects.exclude(contact_email="").order_by("name")
    return render(request, "site/privacy.html", {"counties": counties})


def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    for prefix in ("", "/en"):
        for folder in ("arbetsyta", "konto", "signera", "verifiera"):
            lines.append(f"Disallow: {prefix}/{folder}/")
    lines += ["Disallow: /admin/", "", f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _database_away(error) -> bool:
    """Whether `error`, or an error it was raised from, is the database not answering."""
    from django.db import InterfaceError, OperationalError

    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _unavailable():
    from django.template import loader

    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "5"
    return response


def server_error(request):
    """handler500: the error page; 503 with Retry-After when it was the database that
    did not answer (restarted, failed over), which is over in a moment and says
    nothing is broken in the portal. Drawn without the request's context, as Django's
    own: the session and the user are in the database too."""
    from django.template import loader

    if _database_away(sys.exc_info()[1]):
        return _unavailable()
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def bad_request(request, exception):
    """handler400: Django's page; but a session that could not be saved because the
    database stopped answering at the end of the request (SessionInterrupted, from the
    UpdateError the session store makes of any database error) is the 503 of an outage,
    not the client's mistake."""
    from django.views import defaults

    if _database_away(exception):
        return _unavailable()
    return defaults.bad_request(request, exception)
