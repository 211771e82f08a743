"""Adding pledges to a round: not to a closed round, not twice when two coordinators
add at once; invitations on the round's opening day, and none recorded for an actor
nobody represents."""

import datetime
import threading
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from actors.models import Membership
from followup.models import Notification, Report
from followup.services import add_to_round, open_round
from pledges.models import TransitionError
from tests import factories

from .conftest import make_round

DAY = datetime.timedelta(days=1)


def run(day, *args):
    out = StringIO()
    call_command("followup_reminders", "--date", day.isoformat(), *args, stdout=out)
    return out.getvalue()


def invitations(**filters):
    return Notification.objects.filter(kind=Notification.Kind.INVITATION, **filters)


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


# 5. Invitations on the round's opening day.


@pytest.fixture
def early(kronoberg, coordinator, pledge_a, editor_a, django_capture_on_commit_callbacks):
    """A round opened ten days before its opening day."""
    today = timezone.localdate()
    round = make_round(
        kronoberg, opens=today + 10 * DAY, due=today + 60 * DAY, created_by=coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        open_round(round=round, pledges=[pledge_a], by=coordinator)
    return round


def test_a_round_opened_early_invites_nobody_yet(early):
    assert mail.outbox == []
    assert not invitations().exists()


def test_the_daily_command_invites_on_the_opening_day_once(early, editor_a):
    assert "0 e-mail" in run(early.opens - DAY)
    assert mail.outbox == []
    run(early.opens)
    run(early.opens)
    assert [m.to for m in mail.outbox] == [[editor_a.email]]
    assert "Halvtidsuppföljning" in mail.outbox[0].subject
    assert invitations(sent_on=early.opens).count() == 1
    run(early.opens + DAY)
    assert len(mail.outbox) == 1


def test_an_invitation_in_the_reminder_window_is_not_followed_by_a_reminder(
    kronoberg, coordinator, pledge_a, editor_a, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    round = make_round(kronoberg, opens=today + 5 * DAY, due=today + 15 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        open_round(round=round, pledges=[pledge_a], by=coordinator)
    assert "would queue 1" in run(round.opens, "--dry-run")
    run(round.opens)  # ten days before the due date: the fortnight's reminder is due too
    assert len(mail.outbox) == 1
    run(round.opens + DAY)
    assert len(mail.outbox) == 1
    run(round.due - 3 * DAY)
    assert len(mail.outbox) == 2 and "Påminnelse" in mail.outbox[1].subject


def test_adding_to_a_round_before_its_opening_day_waits_too(early, pledge_b, editor_a, editor_b):
    add_to_round(round=early, pledges=[pledge_b], by=None)
    assert mail.outbox == [] and not invitations().exists()
    run(early.opens)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([editor_a.email, editor_b.email])


def test_opening_on_the_opening_day_invites_at_once(
    kronoberg, coordinator, pledge_a, editor_a, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    round = make_round(kronoberg, opens=today, due=today + 30 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        open_round(round=round, pledges=[pledge_a], by=coordinator)
    assert [m.to for m in mail.outbox] == [[editor_a.email]]
    assert invitations(sent_on=today).count() == 1


# 5. An actor nobody represents.


@pytest.fixture
def unrepresented(kronoberg, coordinator, pledge_a, pledge_b, editor_a):
    """Actor B has no editor; actor A has one."""
    round = make_round(kronoberg, due=timezone.localdate() + 30 * DAY, created_by=coordinator)
    open_round(round=round, pledges=[pledge_a, pledge_b], by=coordinator)
    return round


def test_no_invitation_is_recorded_for_an_actor_nobody_represents(unrepresented, pledge_b):
    assert invitations(report__pledge__actor__name="Aktör A AB").exists()
    assert not invitations(report__pledge=pledge_b).exists()


def test_the_round_page_says_who_has_nobody_to_send_to(client, coordinator, unrepresented):
    client.force_login(coordinator)
    page = client.get(reverse("followup:round_detail", args=[unrepresented.pk]))
    rows = page.content.decode().split("<tr>")
    (row_a,) = [r for r in rows if "Aktör A AB" in r]
    (row_b,) = [r for r in rows if "Aktör B AB" in r]
    assert "Ingen representant att skicka till" in row_b
    assert "Ingen representant att skicka till" not in row_a


def test_an_actor_that_gets_a_representative_is_invited_by_the_daily_command(
    unrepresented, pledge_b, actor_b
):
    mail.outbox.clear()
    run(timezone.localdate())
    assert mail.outbox == []
    newcomer = factories.MembershipFactory(actor=actor_b, role=Membership.Role.EDITOR).user
    run(timezone.localdate())
    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    assert invitations(report__pledge=pledge_b).count() == 1
