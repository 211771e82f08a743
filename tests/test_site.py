"""Site-wide behaviour: the health check, the Content Security Policy, the English site."""

import re
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from pledges import reference_pledge
from pledges.demo import REFERENCE_SLUG
from tests import factories

HEALTHY = {"status": "ok", "database": "ok", "cache": "ok", "tasks": "ok"}


def test_health_reports_the_database_the_cache_and_the_task_queue(
    client, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {**HEALTHY, "oldest_task_seconds": 0, "workers": 0}
    assert "no-cache" in response.headers["Cache-Control"]


def test_health_counts_the_workers_heard_from(client, db, settings):
    from config.models import WorkerHeartbeat

    settings.TASKS_WORKER_TIMEOUT_SECONDS = 120
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="a", beat_at=now - timedelta(seconds=5))
    WorkerHeartbeat.objects.create(worker_id="b", beat_at=now - timedelta(seconds=100))
    WorkerHeartbeat.objects.create(worker_id="silent", beat_at=now - timedelta(seconds=600))
    body = client.get(reverse("health")).json()
    assert body["workers"] == 2
    # No live worker is the monitoring's business: the web process still serves.
    WorkerHeartbeat.objects.exclude(worker_id="silent").delete()
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["workers"] == 0
    assert response.json()["status"] == "ok"


def _queued_task(*, age_seconds):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="actors.tasks.send_templated_email",
        backend_name="default",
        run_after=get_date_max(),
    )
    # enqueued_at is auto_now_add: backdate it with an update.
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - timedelta(seconds=age_seconds)
    )


def test_health_gives_the_age_of_the_oldest_waiting_task(client, db, settings):
    settings.HEALTH_MAX_TASK_AGE_SECONDS = 300
    _queued_task(age_seconds=60)
    _queued_task(age_seconds=120)
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["tasks"] == "ok"
    assert 120 <= body["oldest_task_seconds"] < 130


def test_a_stale_queue_is_degraded_but_leaves_the_web_process_in_service(client, db, settings):
    # A stopped worker makes e-mail late; taking every web process out of the load
    # balancer for it would make the whole portal unreachable.
    settings.HEALTH_MAX_TASK_AGE_SECONDS = 300
    _queued_task(age_seconds=301)
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["tasks"] == "stale"
    assert body["oldest_task_seconds"] >= 301


def test_health_reports_a_database_that_does_not_answer(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("the database is down")

    monkeypatch.setattr("config.views.connection", Unreachable())
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}


def test_health_reports_a_cache_that_does_not_answer(client, db, monkeypatch):
    def refused(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr("config.views.cache.set", refused)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["cache"], body["database"]) == ("error", "error", "ok")


def test_health_reports_a_cache_that_forgets(client, db, monkeypatch):
    monkeypatch.setattr("config.views.cache.get", lambda *args, **kwargs: None)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["cache"] == "error"


def test_health_answers_over_http_when_the_portal_redirects_to_https(client, db, settings):
    # A load balancer probes over plain HTTP: a redirect would read as "down".
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


PAGES = [
    "/",
    "/en/",
    "/lofte/",
    "/lofte/aktor-a-ab-2024/",
    "/en/lofte/aktor-a-ab-2024/",
    "/aktorer/aktor-a/",
    "/lan/kronobergs-lan/",
    "/konto/logga-in/",
    "/health/",
    "/admin/login/",
    "/lofte/finns-inte/",  # a 404 page is a page too
]


@pytest.fixture
def signed(actor_a):
    pledge = factories.signed_pledge(actor=actor_a, start_year=2024)
    assert pledge.slug == "aktor-a-ab-2024"
    return pledge


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_strict_content_security_policy(client, signed, path):
    response = client.get(path)
    assert response.status_code == (404 if "finns-inte" in path else 200)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


@pytest.mark.parametrize("path", [p for p in PAGES if p not in ("/health/", "/admin/login/")])
def test_pages_have_no_inline_script_or_style(client, signed, path):
    page = client.get(path).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts  # Bootstrap and htmx, from the portal itself
    assert all(' src="/static/' in tag for tag in scripts), scripts
    assert "<style" not in page
    assert "style=" not in page


def test_the_english_pledge_page_keeps_the_swedish_document(client, shared_demo):
    doc = reference_pledge.parse()
    response = client.get(f"/en/lofte/{REFERENCE_SLUG}/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    page = response.content.decode()
    assert '<html lang="en">' in page
    # The switch offers the way back to Swedish: a link to the same page there.
    assert f'href="/lofte/{REFERENCE_SLUG}/" hreflang="sv" lang="sv">På svenska</a>' in page
    assert '<article class="pledge-document" lang="sv">' in page
    article = page[page.index('<article class="pledge-document"') : page.index("</article>")]
    assert f">{doc.place_and_date}</p>" in article
    assert doc.closing_declaration in article
    # Each number of the link line is a link to its programme measure's page.
    text = re.sub(r"<[^>]+>", "", article)
    assert all(m.link_line in text for m in doc.measures)


def test_the_swedish_site_is_the_default(client, shared_demo):
    response = client.get(f"/lofte/{REFERENCE_SLUG}/")
    assert response.headers["Content-Language"] == "sv"
    assert '<html lang="sv">' in response.content.decode()


def test_english_pages_link_to_english_pages(client, shared_demo):
    # Searched for: the demo has more pledges than a page holds.
    page = client.get("/en/lofte/", {"q": "Energikontor Sydost"}).content.decode()
    assert f'href="/en/lofte/{REFERENCE_SLUG}/"' in page


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/lofte/", "/arbetsyta/", "/arbetsyta/uppfoljning/"])
def test_pages_for_a_signed_in_user_are_never_stored(client, coordinator, path):
    # A shared proxy or the browser's disk must not keep what one person saw.
    client.force_login(coordinator)
    response = client.get(path)
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


def test_public_pages_for_anonymous_visitors_may_be_cached(client, db):
    response = client.get("/lofte/")
    assert response.status_code == 200
    assert "no-store" not in _directives(response)


@pytest.mark.parametrize("path", ["/lofte/", "/arbetsyta/", "/arbetsyta/aktorer/"])
def test_every_search_box_takes_a_search_of_many_words(
    client, coordinator, path, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with django_assert_max_num_queries(30):
        response = client.get(path, {"q": " ".join(["klimat"] * 1500)})
    assert response.status_code == 200
