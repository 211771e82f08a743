"""Who sees which reports: drafts and reports under review are never public."""

import pytest
from django.contrib.auth.models import AnonymousUser

from followup.models import MeasureReport, Report
from tests.factories import make_round, report_in_status

S = Report.Status


@pytest.fixture
def reports(halfway_round, pledge_a, pledge_b, editor_a, editor_b, coordinator, kalmar):
    """Actor A's reports in every status (one round each), and actor B's accepted one."""
    from tests import factories

    made = {}
    for i, status in enumerate(S):
        round = halfway_round if i == 0 else make_round(pledge_a.county, title=f"Omgång {i}")
        made[f"a {status}"] = report_in_status(
            status,
            Report.objects.create_for(round, pledge_a),
            editor=editor_a,
            coordinator=coordinator,
        )
    made["b accepted"] = report_in_status(
        S.ACCEPTED,
        Report.objects.create_for(halfway_round, pledge_b),
        editor=editor_b,
        coordinator=coordinator,
    )
    kalmar_pledge = factories.signed_pledge(actor=factories.ActorFactory(county=kalmar))
    made["kalmar draft"] = report_in_status(
        S.DRAFT, Report.objects.create_for(make_round(kalmar), kalmar_pledge)
    )
    return made


def visible(user, reports):
    by_pk = {r.pk: name for name, r in reports.items()}
    return {by_pk[pk] for pk in Report.objects.visible_to(user).values_list("pk", flat=True)}


def test_the_public_sees_accepted_reports_only(reports):
    assert visible(AnonymousUser(), reports) == {"a accepted", "b accepted"}
    assert set(Report.objects.published()) == {reports["a accepted"], reports["b accepted"]}
    assert set(MeasureReport.objects.published().values_list("report", flat=True)) == {
        reports["a accepted"].pk,
        reports["b accepted"].pk,
    }


def test_a_coordinator_sees_every_report_of_the_county(reports, coordinator, other_coordinator):
    assert visible(coordinator, reports) == set(reports) - {"kalmar draft"}
    assert visible(other_coordinator, reports) == {"a accepted", "b accepted", "kalmar draft"}


def test_an_editor_sees_the_own_actors_reports(reports, editor_a, editor_b):
    assert visible(editor_a, reports) == {f"a {s}" for s in S} | {"b accepted"}
    assert visible(editor_b, reports) == {"a accepted", "b accepted"}
    assert set(MeasureReport.objects.visible_to(editor_b).values_list("report", flat=True)) == {
        reports["a accepted"].pk,
        reports["b accepted"].pk,
    }


def test_the_national_administrator_sees_everything(reports, national_admin):
    assert visible(national_admin, reports) == set(reports)


def test_an_inactive_user_is_the_public(reports, editor_a):
    editor_a.is_active = False
    assert visible(editor_a, reports) == {"a accepted", "b accepted"}
