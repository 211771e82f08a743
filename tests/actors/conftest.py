import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _site_url(settings):
    # E-mailed links are built in the task, from SITE_URL; the test client's host.
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _empty_cache():
    # The limit on sign-in links per address lives in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()
