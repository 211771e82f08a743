"""A database that does not answer (restarted, failed over) is a 503 page that says to try
again in a moment, not the 500 of a fault in the portal (tests/faults/ restarts a real
PostgreSQL under gunicorn)."""

from unittest import mock

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_a_database_that_does_not_answer_is_a_503_to_retry(client):
    client.raise_request_exception = False
    with mock.patch(
        "pledges.models.Pledge.objects.published",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "tillfälligt otillgänglig" in response.content.decode()


@pytest.mark.django_db
def test_any_other_failure_is_still_a_500(client):
    client.raise_request_exception = False
    with mock.patch("pledges.models.Pledge.objects.published", side_effect=ValueError):
        response = client.get("/")
    assert response.status_code == 500
    assert "Ett fel uppstod" in response.content.decode()
