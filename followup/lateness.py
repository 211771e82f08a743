"""Which reports are still owed, which are late, and which rounds are closed: one
definition for the e-mails, the daily command and the coordinator's pages.

A report is owed while its actor still has something to do (not started, a draft,
sent back for changes) and its pledge is published: a pledge withdrawn after the
round opened is followed up no more. It is late once its round's due date has
passed. A round is closed the day after its `closes` date; a round without one
never closes.
"""

import datetime

from django.db.models import Q

from pledges.models import Pledge

# The report statuses in which the actor still owes something.
OUTSTANDING = ("not_started", "draft", "changes_requested")

# Report querysets: `round.reports.filter(OWED)`.
OWED = Q(status__in=OUTSTANDING, pledge__status__in=Pledge.PUBLISHED_STATUSES)


def late_q(today: datetime.date) -> Q:
    """Report querysets: owed, and the round's due date has passed."""
    return OWED & Q(round__due__lt=today)


def is_owed(report) -> bool:
    return report.status in OUTSTANDING and report.pledge.status in Pledge.PUBLISHED_STATUSES


def is_closed(round, today: datetime.date) -> bool:
    return round.closes is not None and round.closes < today


def may_chase(report, today: datetime.date) -> bool:
    """Whether the actor may be sent a link to the report today (invitation, reminder,
    a new link): it is owed and its round has not closed."""
    return is_owed(report) and not is_closed(report.round, today)
