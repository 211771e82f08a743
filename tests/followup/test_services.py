"""Opening a round, adding to it (not to a closed round, not twice when two coordinators
add at once), and the rows of its export."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections
from django.utils import timezone

from followup.models import MeasureReport, Report, Round
from followup.services import add_to_round, open_round, round_rows
from pledges.exceptions import TransitionError
from pledges.models import Party, Pledge
from tests import factories
from tests.factories import fill, make_round, report_in_status

DAY = datetime.timedelta(days=1)


def test_opening_a_round_creates_a_report_for_each_pledge(
    halfway_round, pledge_a, pledge_b, coordinator
):
    reports = open_round(round=halfway_round, pledges=[pledge_a, pledge_b])
    halfway_round.refresh_from_db()
    assert halfway_round.opened_at is not None
    assert {r.pledge for r in reports} == {pledge_a, pledge_b}
    assert all(r.status == Report.Status.NOT_STARTED for r in reports)
    assert MeasureReport.objects.filter(report__round=halfway_round).count() == 4


def test_a_round_opens_once(halfway_round, pledge_a, pledge_b, coordinator):
    open_round(round=halfway_round, pledges=[pledge_a])
    stale = Round.objects.get(pk=halfway_round.pk)
    stale.opened_at = None
    with pytest.raises(TransitionError, match="redan öppnad"):
        open_round(round=stale, pledges=[pledge_b])
    assert halfway_round.reports.count() == 1


def test_opening_is_all_or_nothing(halfway_round, pledge_a, actor_a, coordinator):
    draft = factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor_a)
    with pytest.raises(TransitionError):
        open_round(round=halfway_round, pledges=[pledge_a, draft])
    halfway_round.refresh_from_db()
    assert halfway_round.opened_at is None
    assert not Report.objects.exists()


def test_a_round_needs_pledges(halfway_round, coordinator):
    with pytest.raises(TransitionError):
        open_round(round=halfway_round, pledges=[])


def test_adding_to_an_open_round_skips_pledges_already_in_it(
    halfway_round, pledge_a, pledge_b, coordinator
):
    with pytest.raises(TransitionError, match="inte öppnad"):
        add_to_round(round=halfway_round, pledges=[pledge_a])
    open_round(round=halfway_round, pledges=[pledge_a])
    added = add_to_round(round=halfway_round, pledges=[pledge_a, pledge_b])
    assert [r.pledge for r in added] == [pledge_b]
    assert halfway_round.reports.count() == 2


def a_pledge_with_links(actor, programme):
    pledge = factories.PledgeFactory(actor=actor, start_year=2023, end_year=2026)
    theme_a = factories.ThemeFactory(programme=programme, name=f"Klimat {actor.pk}")
    theme_b = factories.ThemeFactory(programme=programme, name=f"Natur {actor.pk}")
    measure = factories.MeasureFactory(pledge=pledge, heading="Elbilar")
    factories.MeasureLinkFactory(
        measure=measure,
        programme_measure=factories.ProgrammeMeasureFactory(theme=theme_a, number="36"),
        is_primary=True,
    )
    factories.MeasureLinkFactory(
        measure=measure,
        programme_measure=factories.ProgrammeMeasureFactory(theme=theme_b, number="4"),
    )
    factories.MeasureFactory(pledge=pledge, party=Party.BOARD, heading="", text="Stödja.")
    factories.SignatoryFactory(pledge=pledge, party=Party.ACTOR)
    factories.SignatoryFactory(pledge=pledge, party=Party.BOARD)
    pledge.submit_for_review(by=None)
    pledge.approve(by=None)
    for signatory in pledge.signatories.all():
        signatory.record_signature(method="portal")
    pledge.mark_signed()
    return pledge


# A closed round takes no new pledges ---------------------------------------------------


def test_a_closed_round_takes_no_pledges(kronoberg, coordinator, pledge_a, pledge_b):
    today = timezone.localdate()
    round = make_round(kronoberg, due=today - 20 * DAY, created_by=coordinator)
    open_round(round=round, pledges=[pledge_a])
    round.closes = today - DAY
    round.save()
    with pytest.raises(TransitionError, match="stängd"):
        add_to_round(round=round, pledges=[pledge_b])
    assert round.reports.count() == 1


def test_a_round_closing_today_still_takes_pledges(kronoberg, coordinator, pledge_a, pledge_b):
    today = timezone.localdate()
    round = make_round(kronoberg, due=today - 20 * DAY, closes=today, created_by=coordinator)
    open_round(round=round, pledges=[pledge_a])
    assert len(add_to_round(round=round, pledges=[pledge_b])) == 1


def test_a_closed_round_cannot_be_opened(kronoberg, coordinator, pledge_a):
    today = timezone.localdate()
    round = make_round(kronoberg, due=today - 20 * DAY, closes=today - DAY)
    with pytest.raises(TransitionError, match="stängd"):
        open_round(round=round, pledges=[pledge_a])
    round.refresh_from_db()
    assert round.opened_at is None and not round.reports.exists()


# Two coordinators adding the same pledge at once ---------------------------------------


def test_a_pledge_added_while_this_add_waited_for_the_round_is_skipped(
    kronoberg, coordinator, pledge_a, pledge_b
):
    """What the lock on the round guarantees, in one connection: the pledges already in
    the round are read once the round is locked, so a report that another coordinator's
    add committed while this one waited for the lock is skipped, not added twice."""
    round = make_round(kronoberg, due=timezone.localdate() + 30 * DAY, created_by=coordinator)
    open_round(round=round, pledges=[pledge_a])
    locking = []

    def the_other_add_commits_first(execute, sql, params, many, context):
        if not locking and 'FROM "followup_round"' in sql:
            locking.append(sql)
            Report.objects.create_for(round, pledge_b)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(the_other_add_commits_first):
        added = add_to_round(round=round, pledges=[pledge_b])

    assert locking, "add_to_round never read the round"
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in locking[0]
    assert added == []
    assert Report.objects.filter(round=round, pledge=pledge_b).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason=(
        "two transactions at once: SQLite's shared in-memory test database refuses the "
        "second writer ('database table is locked') instead of making it wait; the order "
        "the lock guarantees is tested above in one connection"
    ),
)
def test_adding_the_same_pledge_twice_at_once(kronoberg, coordinator, pledge_a, pledge_b):
    from django.db import transaction

    round = make_round(kronoberg, due=timezone.localdate() + 30 * DAY, created_by=coordinator)
    open_round(round=round, pledges=[pledge_a])
    first_added = threading.Event()
    release = threading.Event()
    results, errors = {}, []

    def add(name, hold=False):
        try:
            with transaction.atomic():
                results[name] = add_to_round(round=round, pledges=[pledge_b])
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


# The rows of the export ---------------------------------------------------------------


def test_round_rows(halfway_round, actor_a, kronoberg, editor_a, coordinator):
    programme = factories.ProgrammeFactory(county=kronoberg)
    pledge = a_pledge_with_links(actor_a, programme)
    (report,) = open_round(round=halfway_round, pledges=[pledge])
    report.save_draft(by=editor_a, expected_revision=report.revision)
    fill(report, MeasureReport.Status.NOT_RELEVANT, comment="Ingen bil behövs.")
    report.submit(by=editor_a)
    rows = round_rows(halfway_round)
    assert len(rows) == 2
    actor_row, board_row = rows
    assert actor_row["actor"] == "Aktör A AB"
    assert actor_row["pledge"] == "Aktör A AB 2023–2026"
    assert actor_row["party"] == "Aktören" and board_row["party"] == "Länsstyrelsen"
    assert actor_row["measure"] == "Elbilar"
    assert actor_row["themes"] == f"Klimat {actor_a.pk}, Natur {actor_a.pk}"
    assert actor_row["programme_measures"] == "36 (främst), 4"
    assert actor_row["status"] == "Ej aktuell"
    assert actor_row["comment"] == "Ingen bil behövs."
    assert actor_row["verification"] == "Egen uppgift"
    assert actor_row["report_status"] == "Inskickad"
    assert board_row["themes"] == board_row["programme_measures"] == ""


def test_round_rows_take_the_same_queries_for_any_size(
    halfway_round, kronoberg, coordinator, django_assert_max_num_queries
):
    programme = factories.ProgrammeFactory(county=kronoberg)
    pledges = [a_pledge_with_links(factories.ActorFactory(county=kronoberg), programme)]
    open_round(round=halfway_round, pledges=pledges)
    with django_assert_max_num_queries(2):
        small = round_rows(halfway_round)
    more = [
        a_pledge_with_links(factories.ActorFactory(county=kronoberg), programme) for _ in range(5)
    ]
    add_to_round(round=halfway_round, pledges=more)
    with django_assert_max_num_queries(2):
        large = round_rows(halfway_round)
    assert (len(small), len(large)) == (2, 12)


def test_an_accepted_report_is_in_the_rows_with_its_confirmation(report, editor_a, coordinator):
    report_in_status(Report.Status.SUBMITTED, report, editor=editor_a, coordinator=coordinator)
    report.accept(by=coordinator, confirmed=report.measure_reports.values_list("pk", flat=True))
    assert {row["verification"] for row in round_rows(report.round)} == {
        "Bekräftat av länsstyrelsen"
    }
