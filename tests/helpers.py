"""Plain functions the tests of every app share (the fixtures are in tests/conftest.py)."""

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

# The cast every protected view is tested against (the fixtures in tests/conftest.py):
# the rightful editor and coordinator among those who must be refused.
CAST = ["anonymous", "editor_a", "editor_b", "other_coordinator", "coordinator", "national_admin"]

# Every signed-in request: read the session and the user, the user's counties, the
# second factor (the device this session passed it with, or whether it owes one), and
# save the session (SESSION_SAVE_EVERY_REQUEST: a savepoint, the update, its release).
REQUEST_QUERIES = 7


def app_code(device) -> str:
    """The code the user's authenticator app shows now: django_otp's own TOTP of the
    device's key, on the phone's clock (the device's drift is the portal's estimate of
    that clock, not something the app knows)."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}"


def logged_in(user) -> Client:
    """A client of its own for `user`: tests with two people at once need two."""
    client = Client()
    client.force_login(user)
    return client


def log_in(client, email, password=PASSWORD):
    """Send the login form as a browser does (the factories' users have PASSWORD)."""
    return client.post(reverse("login"), {"username": email, "password": password})


def expected_status(who, *, of_kronoberg):
    """What a member of the cast gets from a coordinator's page: anonymous to the login
    page, editors refused, another county's coordinator a 404 for Kronoberg's objects."""
    if who == "anonymous":
        return 302
    if who.startswith("editor"):
        return 403
    if who == "other_coordinator" and of_kronoberg:
        return 404
    return 200


def messages_of(response) -> list[str]:
    """The messages (django.contrib.messages) the request left for the user."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def validation_errors(obj) -> dict[str, list[str]]:
    """The messages `full_clean` gives, by field: {} for an object that passes."""
    try:
        obj.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def errors(obj) -> dict[str, list[str]]:
    """The messages `full_clean` gives, by field; fails the test if it passes."""
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return exc.value.message_dict


def assert_refused(write, world, name=None):
    """The database refuses `write(world)`, by the constraint `name` where its message
    says which: SQLite names only CHECK constraints in its message, PostgreSQL names all."""
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        write(world)
    constraint = next(
        (c for model in apps.get_models() for c in model._meta.constraints if c.name == name),
        None,
    )
    if constraint and (
        isinstance(constraint, models.CheckConstraint) or connection.vendor == "postgresql"
    ):
        assert name in str(exc.value)
