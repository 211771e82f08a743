"""Rounds and reports for the follow-up tests, on top of the cast in tests/conftest.py."""

import datetime

import pytest

from followup.models import Report, Round
from tests import factories
from tests.factories import make_round


@pytest.fixture
def editor(client, editor_a):
    """The test client, signed in as actor A's editor."""
    client.force_login(editor_a)
    return client


@pytest.fixture
def halfway_round(kronoberg, coordinator):
    return make_round(kronoberg, created_by=coordinator)


@pytest.fixture
def final_round(kronoberg, coordinator):
    """Kronoberg's final round, due when pledge_a's final report is."""
    return make_round(
        kronoberg, Round.Kind.FINAL, datetime.date(2027, 3, 31), created_by=coordinator
    )


@pytest.fixture
def pledge_a(actor_a):
    """Actor A's signed pledge for 2023–2026: halfway 2025-01-01, final 2027-03-31."""
    return factories.signed_pledge(actor=actor_a, start_year=2023, end_year=2026)


@pytest.fixture
def pledge_b(actor_b):
    return factories.signed_pledge(actor=actor_b, start_year=2023, end_year=2026)


@pytest.fixture
def report(halfway_round, pledge_a):
    return Report.objects.create_for(halfway_round, pledge_a)
