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


@pytest.mark.django_db
def test_a_session_the_database_could_not_save_is_a_503_not_a_400(client, django_user_model):
    """The database went away while the response was made: the session store turns the
    error into UpdateError, and Django's session middleware that into a 400 ("the
    session was deleted"), which would blame the visitor (tests/faults/ met it)."""
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.backends.db import SessionStore

    client.force_login(django_user_model.objects.create_user(email="a@example.se"))
    client.raise_request_exception = False

    def save(self, must_create=False):
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            raise UpdateError  # noqa: B904  (as django.contrib.sessions.backends.db does)

    with mock.patch.object(SessionStore, "save", save):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


@pytest.mark.django_db
def test_any_other_bad_request_is_still_a_400(client):
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="not-allowed.example")
    assert response.status_code == 400
