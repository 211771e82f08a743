"""The database refuses follow-up rows that break the rules, whatever wrote them.

These writes bypass clean() and the workflow, as a bug, a script or a
concurrent request might. tests/test_constraints.py checks that every declared
constraint has a violation; these are the follow-up ones.
"""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from followup.models import GoodExample, MeasureReport, Notification, Report, Round
from pledges.models import Party
from tests.factories import make_round
from tests.helpers import assert_refused

NOW = timezone.now()
D = datetime.date


def update(model, obj, **values):
    model.objects.filter(pk=obj.pk).update(**values)


def kept(model, obj, **values):
    """Write `values` past clean() and the workflow: the database takes them."""
    update(model, obj, **values)
    assert model.objects.filter(pk=obj.pk).values(*values).get() == values


def actor_measure_report(w):
    return w["report"].measure_reports.get(measure__party=Party.ACTOR)


VIOLATIONS = {
    "round_kind_valid": lambda w: update(Round, w["round"], kind="weekly"),
    "round_dates_order": lambda w: update(Round, w["round"], opens=D(2025, 7, 1)),
    "report_unique_per_round": lambda w: Report.objects.create(
        round=w["round"], pledge=w["report"].pledge
    ),
    "report_status_valid": lambda w: update(Report, w["report"], status="published"),
    "report_submitted_iff_timestamp": lambda w: update(Report, w["report"], status="submitted"),
    "report_reviewed_iff_timestamp": lambda w: update(
        Report, w["report"], status="accepted", submitted_at=NOW
    ),
    "measurereport_unique": lambda w: MeasureReport.objects.create(
        report=w["report"], measure=actor_measure_report(w).measure
    ),
    "measurereport_status_valid": lambda w: update(
        MeasureReport, actor_measure_report(w), status="almost"
    ),
    "measurereport_verification_valid": lambda w: update(
        MeasureReport, actor_measure_report(w), verification="hearsay"
    ),
    "measurereport_not_relevant_has_reason": lambda w: update(
        MeasureReport, actor_measure_report(w), status="not_relevant", comment=""
    ),
    "measurereport_evidence_is_attached": lambda w: update(
        MeasureReport, actor_measure_report(w), verification="evidence"
    ),
    "notification_unique_per_report": lambda w: [
        Notification.objects.create(
            round=w["round"], report=w["report"], kind="reminder", key="reminder-3", sent_on=day
        )
        for day in (D(2025, 6, 27), D(2025, 6, 28))
    ],
    "notification_unique_per_round": lambda w: [
        Notification.objects.create(round=w["round"], kind="late", key="late-x", sent_on=day)
        for day in (D(2025, 7, 1), D(2025, 7, 2))
    ],
    "notification_kind_valid": lambda w: Notification.objects.create(
        round=w["round"], kind="spam", key="x", sent_on=D(2025, 7, 1)
    ),
    "goodexample_of_one_thing": lambda w: GoodExample.objects.create(
        text="Inget.", marked_by=w["report"].round.created_by
    ),
    "goodexample_picture_has_consent": lambda w: GoodExample.objects.create(
        pledge=w["report"].pledge,
        text="Utan samtycke.",
        picture="good-examples/x.png",
        marked_by=w["report"].round.created_by,
    ),
}

MORE_VIOLATIONS = {
    "a round closing before it is due": (
        "round_dates_order",
        lambda w: update(Round, w["round"], closes=D(2025, 6, 1)),
    ),
    "a draft with a submission time": (
        "report_submitted_iff_timestamp",
        lambda w: update(Report, w["report"], status="draft", submitted_at=NOW),
    ),
    "a report sent back without a review time": (
        "report_reviewed_iff_timestamp",
        lambda w: update(Report, w["report"], status="changes_requested", submitted_at=NOW),
    ),
    "a report awaiting review with a review time": (
        "report_reviewed_iff_timestamp",
        lambda w: update(
            Report, w["report"], status="submitted", submitted_at=NOW, reviewed_at=NOW
        ),
    ),
    "a new measure report not relevant without a reason": (
        "measurereport_not_relevant_has_reason",
        lambda w: (
            MeasureReport.objects.filter(pk=actor_measure_report(w).pk).delete(),
            MeasureReport.objects.create(
                report=w["report"],
                measure=w["report"].pledge.measures.get(party=Party.ACTOR),
                status="not_relevant",
            ),
        ),
    ),
}


@pytest.fixture
def world(report, halfway_round):
    return {"report": report, "round": halfway_round}


def followup_constraints():
    for model in apps.get_app_config("followup").get_models():
        yield from model._meta.constraints


def test_every_followup_constraint_has_a_violation_below():
    assert {c.name for c in followup_constraints()} == set(VIOLATIONS)


@pytest.mark.parametrize("name", list(VIOLATIONS))
def test_constraint_is_enforced(world, name):
    assert_refused(VIOLATIONS[name], world, name)


@pytest.mark.parametrize("case", list(MORE_VIOLATIONS))
def test_more_violations_are_refused(world, case):
    name, write = MORE_VIOLATIONS[case]
    assert_refused(write, world, name)


def test_rows_the_constraints_allow(world, kronoberg, editor_a, coordinator):
    # A round without a closing day; one that opens, is due and closes on one day.
    make_round(kronoberg, due=D(2026, 6, 30), closes=None)
    make_round(kronoberg, due=D(2027, 6, 30), opens=D(2027, 6, 30), closes=D(2027, 6, 30))
    assert Round.objects.filter(county=kronoberg).count() == 3
    # Not relevant with a reason; evidence by link alone; no status while a draft.
    mr = actor_measure_report(world)
    kept(MeasureReport, mr, status="not_relevant", comment="Såld verksamhet.")
    kept(MeasureReport, mr, verification="evidence", evidence_url="https://example.org/")
    kept(MeasureReport, mr, status="")
    # Resubmitted after a review: submitted again, awaiting a new review.
    kept(Report, world["report"], status="submitted", submitted_at=NOW)
    kept(Report, world["report"], status="changes_requested", reviewed_at=NOW)
    kept(Report, world["report"], status="submitted", reviewed_at=None)
