"""The shared cache on a real Redis (CACHE_URL=redis://…), as production runs it with
more than one web process: the limits hold across processes and at the same moment,
and /health/ tells when the cache does not answer.

Redis is the one answering on 127.0.0.1:6379 (REDIS_URL to choose another); CI sets
REQUIRE_REDIS=1, so that a missing Redis fails there instead of skipping."""

import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from actors.throttling import first_link_request_in_a_while, first_request_in

ROOT = Path(__file__).resolve().parent.parent


def _redis_url() -> str:
    # A database of each test process's own: the suite's cache.clear() between tests
    # is a FLUSHDB, which must not empty another xdist worker's keys.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = 15 - int(worker.removeprefix("gw") or 0) % 8
    return os.environ.get("REDIS_URL", f"redis://127.0.0.1:6379/{number}")


@pytest.fixture
def redis_cache(settings):
    import redis

    url = _redis_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"no Redis answers at {url}: {error}")
        pytest.skip(f"no Redis answers at {url} (CI requires one: REQUIRE_REDIS=1)")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield {"url": url, "prefix": prefix}
    cache.clear()


def test_twenty_requests_at_once_are_first_only_once(redis_cache):
    results = []
    start = threading.Barrier(20)

    def ask():
        start.wait()
        results.append(first_request_in("report-link:42", 60))

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 19 + [True]


def test_the_limit_is_shared_with_another_process(redis_cache):
    """A second web process (another interpreter, its own connection) sees the first's
    request: the sign-in link is not sent twice because two processes answered."""
    assert first_link_request_in_a_while("Karin.Lind@example.se") is True
    other = subprocess.run(  # noqa: S603  (our own code)
        [
            sys.executable,
            "-c",
            "import sys, django; django.setup();"
            "from django.conf import settings;"
            "settings.CACHES['default']['KEY_PREFIX'] = sys.argv[1];"
            "from actors.throttling import first_link_request_in_a_while as first;"
            "print('first' if first('karin.lind@example.se') else 'not first')",
            redis_cache["prefix"],
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "CACHE_URL": redis_cache["url"],
            "LOG_LEVEL": "WARNING",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert other.stdout.strip().splitlines()[-1] == "not first"
    # And a third address is first in either process.
    assert first_link_request_in_a_while("someone.else@example.se") is True


def test_health_reports_the_redis_cache(client, db, redis_cache):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["cache"] == "ok"


def test_health_reports_a_redis_that_does_not_answer(client, db, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    # A port nobody listens on: the connection is refused at once.
    unreachable = RedisCache("redis://127.0.0.1:1/0", {})
    monkeypatch.setattr("config.views.cache", unreachable)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["cache"] == "error"
