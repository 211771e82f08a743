"""The dashboard benchmark (bench/bench_dashboard.py) compares like with like: on its
generated data set, its hand-written SQL gives the dashboard's figures, family by
family. No timing here. PostgreSQL only (the SQL is PostgreSQL's):
DATABASE_URL=postgres://… to run it."""

import pytest
from django.db import connection

from bench import bench_dashboard as bench
from followup.models import Report

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the benchmark's SQL is PostgreSQL's"
)


@pytest.fixture
def data_set(db):
    county, _coordinator = bench.generate(pledges=40, seed=3)
    return county


def test_the_hand_written_sql_gives_the_dashboards_figures(data_set):
    ours, theirs = bench.dashboard_figures(data_set), bench.sql_figures(data_set)

    assert bench.differences(ours, theirs) == []
    assert ours == theirs


def test_the_data_set_gives_every_family_something_to_count(data_set):
    figures = bench.sql_figures(data_set)

    assert all(figures["pledges"]["by_status"].values()), "every pledge status"
    assert figures["measures"]["board"] and figures["measures"]["by_objective"]
    coverage = figures["coverage"]
    assert coverage[0][2] == 0 and coverage[-1][2] > 0, "the unpledged measures first"
    assert figures["between"]["stalled"] and figures["between"]["total"]
    assert figures["completion"]["late"]
    assert {unit for unit, _total, _n in figures["indicators"]} == set(bench.UNITS)
    quality = figures["quality"]
    assert quality["pledges_without_followup"] and quality["measures_without_link"]
    assert quality["accepted_without_evidence"] and quality["actors_without_representative"]


def test_the_figures_still_agree_when_a_report_is_accepted_late(data_set):
    """Moving one report changes the figures, on both sides alike."""
    before = bench.sql_figures(data_set)
    report = Report.objects.filter(status=Report.Status.SUBMITTED).order_by("pk").first()
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.ACCEPTED, reviewed_at=report.submitted_at
    )

    after = bench.sql_figures(data_set)
    assert after != before
    assert bench.dashboard_figures(data_set) == after
