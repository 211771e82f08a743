"""Adding pledges to a round: not to a closed round, not twice when two coordinators
add at once."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections
from django.utils import timezone

from followup.models import Report
from followup.services import add_to_round, open_round
from pledges.models import TransitionError

from .conftest import make_round

DAY = datetime.timedelta(days=1)


# 3. A closed round takes no new pledges.


def test_a_closed_round_takes_no_pledges(kronoberg, coordinator, pledge_a, pledge_b):
    today = timezone.localdate()
    round = make_round(kronoberg, due=today - 20 * DAY, created_by=coordinator)
    open_round(round=round, pledges=[pledge_a], by=coordinator)
    round.closes = today - DAY
    round.save()
    with pytest.raises(TransitionError, match="stängd"):
        add_to_round(round=round, pledges=[pledge_b], by=coordinator)
    assert round.reports.count() == 1


def test_a_round_closing_today_still_takes_pledges(kronoberg, coordinator, pledge_a, pledge_b):
    today = timezone.localdate()
    round = make_round(kronoberg, due=today - 20 * DAY, closes=today, created_by=coordinator)
    open_round(round=round, pledges=[pledge_a], by=coordinator)
    assert len(add_to_round(round=round, pledges=[pledge_b], by=coordinator)) == 1


def test_a_closed_round_cannot_be_opened(kronoberg, coordinator, pledge_a):
    today = timezone.localdate()
    round = make_round(kronoberg, due=today - 20 * DAY, closes=today - DAY)
    with pytest.raises(TransitionError, match="stängd"):
        open_round(round=round, pledges=[pledge_a], by=coordinator)
    round.refresh_from_db()
    assert round.opened_at is None and not round.reports.exists()


# 4. Two coordinators adding the same pledge at once.


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite locks the whole database anyway"
)
def test_adding_the_same_pledge_twice_at_once(kronoberg, coordinator, pledge_a, pledge_b):
    from django.db import transaction

    round = make_round(kronoberg, due=timezone.localdate() + 30 * DAY, created_by=coordinator)
    open_round(round=round, pledges=[pledge_a], by=coordinator)
    first_added = threading.Event()
    release = threading.Event()
    results, errors = {}, []

    def add(name, hold=False):
        try:
            with transaction.atomic():
                results[name] = add_to_round(round=round, pledges=[pledge_b], by=coordinator)
                if hold:
                    first_added.set()
                    release.wait(10)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
            first_added.set()
        finally:
            connections.close_all()

    first = threading.Thread(target=add, args=("first", True))
    first.start()
    assert first_added.wait(10)
    second = threading.Thread(target=add, args=("second",))
    second.start()
    time.sleep(0.5)  # the second waits for the first's transaction
    release.set()
    first.join(10)
    second.join(10)
    assert errors == []
    assert len(results["first"]) == 1 and results["second"] == []
    assert Report.objects.filter(round=round, pledge=pledge_b).count() == 1
