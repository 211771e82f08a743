"""Which pledges a round proposes, from their periods: nobody computes dates by hand."""

import datetime

import pytest

from followup.models import Report, Round
from followup.planning import (
    add_months,
    final_date,
    halfway_date,
    proposals_for_round,
    proposed_pledges,
    suggest_round,
)
from followup.services import open_round
from pledges.models import Pledge
from tests import factories
from tests.factories import make_round

D = datetime.date
HALFWAY, FINAL, ANNUAL, CUSTOM = Round.Kind


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (2023, 2026, D(2025, 1, 1)),  # four years: the middle is a new year
        (2025, 2025, D(2025, 7, 1)),  # one year: the middle of the year
        (2024, 2026, D(2025, 7, 1)),  # three years
        (2021, 2030, D(2026, 1, 1)),
    ],
)
def test_halfway_date_is_the_middle_of_the_period(start, end, expected):
    assert halfway_date(start, end) == expected


def test_final_date_is_31_march_after_the_period():
    assert final_date(2026) == D(2027, 3, 31)


def test_add_months_keeps_to_the_months_last_day():
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2025, 6, 30), 6) == D(2025, 12, 30)
    assert add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)


def test_suggested_rounds():
    halfway = suggest_round(HALFWAY, 2025)
    assert (halfway.title, halfway.opens, halfway.due) == (
        "Halvtidsuppföljning 2025",
        D(2025, 4, 1),
        D(2025, 6, 30),
    )
    final = suggest_round(FINAL, 2027)
    assert (final.title, final.opens, final.due) == (
        "Slutuppföljning 2027",
        D(2027, 2, 1),
        D(2027, 3, 31),
    )
    assert suggest_round(ANNUAL, 2026).due == D(2026, 3, 31)
    # The suggestion makes a valid round.
    Round(county_id=1, kind=HALFWAY, **vars(halfway)).clean()


def signed(actor, start, end, status=Pledge.Status.SIGNED):
    return factories.pledge_in_status(status, actor=actor, start_year=start, end_year=end)


def proposed(county, kind, due, **kwargs):
    return [p.pledge for p in proposed_pledges(county=county, kind=kind, due=due, **kwargs)]


@pytest.fixture
def pledges(actor_a, actor_b, kalmar):
    """Pledges of every kind that matters, in Kronoberg unless named otherwise."""
    withdrawn_after_signing = signed(actor_a, 2023, 2026)
    withdrawn_after_signing.withdraw(by=None)
    return {
        "2023-2026": signed(actor_a, 2023, 2026),
        "one year 2025": signed(actor_b, 2025, 2025),
        "one year 2026": signed(actor_b, 2026, 2026),
        "2025-2028": signed(actor_a, 2025, 2028),
        "missed 2021-2026": signed(actor_b, 2021, 2026),
        "ended 2020-2024": signed(actor_a, 2020, 2024),
        "concluded 2020-2023": signed(actor_b, 2020, 2023, Pledge.Status.CONCLUDED),
        "withdrawn before signing": signed(actor_a, 2023, 2026, Pledge.Status.WITHDRAWN),
        "withdrawn after signing": withdrawn_after_signing,
        "draft": signed(actor_a, 2023, 2026, Pledge.Status.DRAFT),
        "in review": signed(actor_a, 2023, 2026, Pledge.Status.IN_REVIEW),
        "approved": signed(actor_a, 2023, 2026, Pledge.Status.APPROVED),
        "kalmar": signed(factories.ActorFactory(county=kalmar), 2023, 2026),
    }


def names(pledges, chosen):
    by_pk = {p.pk: name for name, p in pledges.items()}
    return {by_pk[getattr(p, "pledge", p).pk] for p in chosen}


def test_halfway_round_proposes_pledges_at_their_middle(pledges, kronoberg):
    chosen = proposed(kronoberg, HALFWAY, D(2025, 6, 30))
    assert names(pledges, chosen) == {
        "2023-2026",  # middle 2025-01-01
        "one year 2025",  # middle 2025-07-01: within half a year of the due date
        # middle 2024-01-01, and no halfway round asked it: caught up, not forgotten
        "missed 2021-2026",
    }


def test_a_pledge_whose_period_has_ended_is_proposed_for_the_final_round_only(pledges, kronoberg):
    assert "ended 2020-2024" not in names(pledges, proposed(kronoberg, HALFWAY, D(2025, 6, 30)))
    # Not a concluded pledge: its follow-up is over (its final report was accepted, or
    # a coordinator ended it).
    assert names(pledges, proposed(kronoberg, FINAL, D(2025, 3, 31))) == {"ended 2020-2024"}


def test_one_year_period(pledges, kronoberg):
    one_year = {"one year 2025", "one year 2026"}
    assert names(pledges, proposed(kronoberg, HALFWAY, D(2024, 6, 30))) & one_year == set()
    assert names(pledges, proposed(kronoberg, HALFWAY, D(2025, 6, 30))) & one_year == {
        "one year 2025"
    }
    # Not finally before the year is over, then finally in the spring after.
    assert names(pledges, proposed(kronoberg, FINAL, D(2025, 12, 31))) & one_year == set()
    assert names(pledges, proposed(kronoberg, FINAL, D(2026, 3, 31))) & one_year == {
        "one year 2025"
    }


def test_withdrawn_and_unsigned_pledges_are_never_proposed(pledges, kronoberg):
    never = {
        "withdrawn before signing",
        "withdrawn after signing",
        "draft",
        "in review",
        "approved",
        "kalmar",
    }
    for kind in Round.Kind:
        for year in range(2022, 2030):
            chosen = names(pledges, proposed(kronoberg, kind, D(year, 6, 30)))
            assert chosen & never == set(), (kind, year)


def test_another_countys_pledges_are_its_own(pledges, kalmar):
    assert names(pledges, proposed(kalmar, HALFWAY, D(2025, 6, 30))) == {"kalmar"}


def test_a_pledge_already_in_a_round_of_the_kind_is_not_proposed_again(
    pledges, kronoberg, coordinator
):
    earlier = make_round(kronoberg, HALFWAY, D(2024, 6, 30))
    open_round(round=earlier, pledges=[pledges["missed 2021-2026"]])
    later = make_round(kronoberg, HALFWAY, D(2025, 6, 30))
    assert names(pledges, proposals_for_round(later)) == {"2023-2026", "one year 2025"}
    # Nor one already in the round being filled.
    open_round(round=later, pledges=[pledges["2023-2026"]])
    assert names(pledges, proposals_for_round(later)) == {"one year 2025"}
    # A report of another kind does not count.
    assert "missed 2021-2026" in names(pledges, proposed(kronoberg, FINAL, D(2027, 3, 31)))


def test_proposals_say_when_each_pledge_is_owed(pledges, kronoberg):
    owed = {
        p.pledge.pk: p.owed_on
        for p in proposed_pledges(county=kronoberg, kind=FINAL, due=D(2025, 3, 31))
    }
    assert owed == {pledges["ended 2020-2024"].pk: D(2025, 3, 31)}
    # A pledge that no final round asked in its year is owed from that year on.
    late = proposed_pledges(county=kronoberg, kind=FINAL, due=D(2026, 3, 31))
    assert {p.pledge.pk: p.owed_on for p in late}[pledges["ended 2020-2024"].pk] == D(2025, 3, 31)


def test_annual_and_custom_rounds(pledges, kronoberg, coordinator):
    annual = proposed(kronoberg, ANNUAL, D(2026, 3, 31))
    # About 2025: the pledges running in 2025 or 2026 that are still signed.
    assert names(pledges, annual) == {
        "2023-2026",
        "one year 2025",
        "one year 2026",
        "2025-2028",
        "missed 2021-2026",
    }
    round = make_round(kronoberg, ANNUAL, D(2026, 3, 31))
    open_round(round=round, pledges=annual[:1])
    other = make_round(kronoberg, ANNUAL, D(2026, 5, 31), title="Extra")
    assert len(proposals_for_round(other)) == len(annual) - 1
    custom = proposed(kronoberg, CUSTOM, D(2026, 3, 31))
    assert {p.status for p in custom} == {Pledge.Status.SIGNED}


@pytest.mark.parametrize("period", [(2020, 2020), (2020, 2023), (2021, 2023), (2022, 2031)])
def test_yearly_halfway_rounds_ask_each_pledge_once_in_the_year_of_its_middle(
    period, actor_a, kronoberg, coordinator
):
    pledge = signed(actor_a, *period)
    for year in range(2019, 2033):
        round = make_round(kronoberg, HALFWAY, suggest_round(HALFWAY, year).due)
        chosen = proposals_for_round(round)
        if chosen:
            open_round(round=round, pledges=[p.pledge for p in chosen])
    reports = Report.objects.filter(pledge=pledge, round__kind=HALFWAY)
    assert [r.round.due.year for r in reports] == [halfway_date(*period).year]
