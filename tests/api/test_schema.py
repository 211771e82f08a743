"""The API against its own OpenAPI document (schemathesis, through WSGI in the test
process): no answer is a server error, every answer's status, content type and body
match the document.

Few examples per operation, so that it stays quick in CI."""

import functools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application

PATHS = [
    "/api/counties/",
    "/api/counties/{slug}/",
    "/api/programmes/",
    "/api/programmes/{id}/",
    "/api/objectives/",
    "/api/objectives/{number}/",
    "/api/goals/",
    "/api/goals/{number}/",
    "/api/actors/",
    "/api/actors/{slug}/",
    "/api/pledges/",
    "/api/pledges/{slug}/",
    "/api/followup/",
    "/api/followup/{id}/",
]


@pytest.fixture(autouse=True)
def _connection_kept():
    """As Django's test client does: the WSGI handler would close the database connection
    after each answer, and with it the test's transaction (on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@functools.cache
def load_schema():
    """The portal's document, fetched through WSGI once for the module's tests."""
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


# schemathesis.pytest.from_fixture fails on this pytest (no Function._nodeid), so each
# operation's strategy is drawn by hypothesis directly.
@pytest.mark.parametrize("address", PATHS)
def test_api_conforms_to_its_schema(world, settings, address):
    settings.API_THROTTLE_RATE = "100000/minute"
    operation = load_schema()[address]["GET"]

    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case):
        # A filter value that names nothing (an unknown county's slug) is refused with
        # 400, as on the public list: documented, and not "valid data rejected".
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()


def test_schema_is_openapi_3(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert {
        "/api/counties/",
        "/api/programmes/",
        "/api/objectives/",
        "/api/goals/",
        "/api/actors/",
        "/api/pledges/",
        "/api/followup/",
    } <= set(document["paths"])
    assert all(set(item) <= {"get"} for item in document["paths"].values())
