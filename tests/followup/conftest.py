"""Rounds and reports for the follow-up tests, on top of the cast in tests/conftest.py."""

import datetime

import pytest

from followup.models import MeasureReport, Report, Round
from tests import factories

S = Report.Status


def make_round(county, kind=Round.Kind.HALFWAY, due=datetime.date(2025, 6, 30), **values):
    values.setdefault("title", f"{Round.Kind(kind).label} {due.year}")
    values.setdefault("opens", due - datetime.timedelta(days=60))
    return Round.objects.create(county=county, kind=kind, due=due, **values)


def fill(report, status=MeasureReport.Status.DONE, party=None, **values):
    """Give every measure report (of `party`, or all) a status, as the reporter would."""
    for mr in report.measure_reports.select_related("measure"):
        if party is None or mr.measure.party == party:
            mr.status = status
            for field, value in values.items():
                setattr(mr, field, value)
            mr.save()


def report_in_status(status, report, *, editor=None, coordinator=None):
    """Take `report` through the workflow to `status`."""
    if status == S.NOT_STARTED:
        return report
    report.start(by=editor)
    if status == S.DRAFT:
        return report
    fill(report)
    report.submit(by=editor)
    if status == S.SUBMITTED:
        return report
    if status == S.ACCEPTED:
        report.accept(by=coordinator)
        return report
    report.request_changes(by=coordinator, note="Komplettera åtgärd 1.")
    return report


@pytest.fixture
def halfway_round(kronoberg, coordinator):
    return make_round(kronoberg, created_by=coordinator)


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
