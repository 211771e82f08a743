"""Which reports are still owed and which are late: one definition for the e-mails,
the daily command and the coordinator's pages (whether a round is past its due date
or closed is the Round's to say: Round.is_past_due, Round.is_closed).

A report is owed while its actor still has something to do (not started, a draft,
sent back for changes) and its pledge is published: a pledge withdrawn after the
round opened is followed up no more. It is late once its round's due date has
passed. A round is closed the day after its `closes` date; a round without one
never closes.
"""

import datetime

from django.db.models import Q

from pledges.models import Pledge

from .models import Report

# The report statuses in which the actor still owes something.
OUTSTANDING = (Report.Status.NOT_STARTED, Report.Status.DRAFT, Report.Status.CHANGES_REQUESTED)


def owed_q(prefix: str = "") -> Q:
    """The owed reports, for a queryset of reports (or, with `prefix`, across a relation
    to them: "reports__")."""
    return Q(
        **{
            f"{prefix}status__in": OUTSTANDING,
            f"{prefix}pledge__status__in": Pledge.PUBLISHED_STATUSES,
        }
    )


# Report querysets: `round.reports.filter(OWED)`.
OWED = owed_q()


def late_q(today: datetime.date) -> Q:
    """Report querysets: owed, and the round's due date has passed."""
    return OWED & Q(round__due__lt=today)


def is_owed(report) -> bool:
    return report.status in OUTSTANDING and report.pledge.status in Pledge.PUBLISHED_STATUSES


def is_late(report, today: datetime.date) -> bool:
    """late_q for one report."""
    return is_owed(report) and report.round.is_past_due(today)


def may_chase(report, today: datetime.date) -> bool:
    """Whether the actor may be sent a link to the report today (invitation, reminder,
    a new link): it is owed and its round has not closed."""
    return is_owed(report) and not report.round.is_closed(today)
