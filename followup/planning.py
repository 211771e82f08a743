"""Which pledges a follow-up round should ask, and when rounds should run.

Every signed pledge is owed a halfway report and a final report (DESIGN.md,
"Workflows"), computed from its period so that nobody counts dates by hand.

A pledge's period is whole years, start_year to end_year inclusive.

- Its *halfway date* is the middle of the period: 1 January of start_year plus
  half the period's length. 2023–2026 (four years) → 2025-01-01; 2025–2025 →
  2025-07-01; 2024–2026 (three years) → 2025-07-01.
- Its *final date* is FINAL_DUE (31 March) of the year after end_year: the
  report covers the whole period, once the year's figures exist.

A halfway round due on D proposes the signed pledges whose halfway date is no
later than D + WINDOW (half a year), whose period has not ended by D, and that
have no halfway report in any round. Earlier halfway dates are included on
purpose: a pledge that no round has asked yet (signed late, or a year without a
round) is caught up rather than forgotten. A pledge whose period has ended by D
is owed its final report only.

A final round due on D proposes the signed pledges whose period ended before D
(end_year < D.year) and that have no final report in any round.

An annual round due on D asks about the year before D (the year whose figures
exist by then): signed pledges whose period includes D.year - 1 or D.year, not
already in another annual round due the same year. A custom round proposes every
signed pledge of the county not already in it; the coordinator picks.

Withdrawn pledges, and pledges not yet signed, are never proposed; nor are
another county's. Nor are concluded pledges: a pledge is concluded when its final
report is accepted, or by a coordinator who has ended its follow-up. The round
page still lists them among the others, for a coordinator who wants one all the same.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

from pledges.models import Pledge

from .models import Report, Round

# (month, day) in the year after the period's last year.
FINAL_DUE = (3, 31)
# How far past a round's due date a halfway date may fall and still belong to it.
WINDOW_MONTHS = 6

# Suggested (opens, due) as (month, day) in the round's year. A halfway round
# due 30 June with a six-month window collects the pledges whose middle is in
# that calendar year (1 January or 1 July); a final or annual round is due when
# the final reports are (FINAL_DUE), about the year before.
SUGGESTED_DATES = {
    Round.Kind.HALFWAY: ((4, 1), (6, 30)),
    Round.Kind.FINAL: ((2, 1), FINAL_DUE),
    Round.Kind.ANNUAL: ((2, 1), FINAL_DUE),
    Round.Kind.CUSTOM: ((2, 1), FINAL_DUE),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months, on the month's last day where `day` does not exist."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def halfway_date(start_year: int, end_year: int) -> datetime.date:
    months = (end_year - start_year + 1) * 12
    return add_months(datetime.date(start_year, 1, 1), months // 2)


def final_date(end_year: int) -> datetime.date:
    return datetime.date(end_year + 1, *FINAL_DUE)


def owed_on(pledge: Pledge, kind: str) -> datetime.date | None:
    """When `pledge` is due a report of `kind` (None for kinds without a rule)."""
    if kind == Round.Kind.HALFWAY:
        return halfway_date(pledge.start_year, pledge.end_year)
    if kind == Round.Kind.FINAL:
        return final_date(pledge.end_year)
    return None


def _reported(**round_filter):
    return Report.objects.filter(**round_filter).values("pledge_id")


@dataclass(frozen=True)
class Proposal:
    pledge: Pledge
    # The pledge's own halfway or final date; None for annual and custom rounds.
    owed_on: datetime.date | None


def proposed_pledges(*, county, kind, due=None, round=None) -> list[Proposal]:
    """The pledges of `county` that a round of `kind` due on `due` (default today)
    should ask for a report, by actor name. `round`, when given, is the round being
    filled: pledges already in it are left out (and its due date is the default)."""
    kind = Round.Kind(kind)
    if due is None:
        due = round.due if round is not None else timezone.localdate()
    S = Pledge.Status
    pledges = Pledge.objects.filter(county=county).select_related("actor")
    if round is not None:
        pledges = pledges.exclude(pk__in=_reported(round=round))

    if kind == Round.Kind.HALFWAY:
        pledges = pledges.filter(status=S.SIGNED, end_year__gte=due.year).exclude(
            pk__in=_reported(round__kind=kind)
        )
        latest = add_months(due, WINDOW_MONTHS)
        chosen = [
            Proposal(p, owed_on(p, kind))
            for p in pledges
            if halfway_date(p.start_year, p.end_year) <= latest
        ]
    elif kind == Round.Kind.FINAL:
        pledges = pledges.filter(status=S.SIGNED, end_year__lt=due.year).exclude(
            pk__in=_reported(round__kind=kind)
        )
        chosen = [Proposal(p, owed_on(p, kind)) for p in pledges]
    elif kind == Round.Kind.ANNUAL:
        pledges = pledges.filter(
            status=S.SIGNED, start_year__lte=due.year, end_year__gte=due.year - 1
        ).exclude(pk__in=_reported(round__kind=kind, round__due__year=due.year))
        chosen = [Proposal(p, None) for p in pledges]
    else:
        chosen = [Proposal(p, None) for p in pledges.filter(status=S.SIGNED)]
    return sorted(chosen, key=lambda p: (p.pledge.actor.name, p.pledge.start_year, p.pledge.pk))


def proposals_for_round(round: Round) -> list[Proposal]:
    return proposed_pledges(county=round.county, kind=round.kind, round=round)


@dataclass(frozen=True)
class RoundSuggestion:
    title: str
    opens: datetime.date
    due: datetime.date


def suggest_round(kind, year: int) -> RoundSuggestion:
    """A title and dates for a new round of `kind` in `year`, for the coordinator to adjust."""
    kind = Round.Kind(kind)
    opens, due = SUGGESTED_DATES[kind]
    return RoundSuggestion(
        title=gettext("%(kind)s %(year)s") % {"kind": kind.label, "year": year},
        opens=datetime.date(year, *opens),
        due=datetime.date(year, *due),
    )
