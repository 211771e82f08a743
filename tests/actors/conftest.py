import pytest


@pytest.fixture(autouse=True)
def _site_url(settings):
    # E-mailed links are built in the task, from SITE_URL; the test client's host.
    settings.SITE_URL = "http://testserver"
