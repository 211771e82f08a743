"""The follow-up's signed-in pages issue as many queries for a large round or report as
for a small one: the round's page (the coordinator's review of who has reported) with
2 or 12 reports, the report form with 3 or 15 measures."""

import pytest
from django.urls import reverse

from followup.models import Report
from followup.services import open_round
from tests.factories import fill, signed_pledge_with
from tests.helpers import REQUEST_QUERIES

# The signed-in request; the round, its reports with their pledges and actors, the
# reports' statuses and links, the pledges that could be added.
ROUND_QUERIES = REQUEST_QUERIES + 6
# The signed-in request; the report with its pledge and round, its measure reports with
# their measures and links, the questions and answers, the earlier reports.
REPORT_QUERIES = REQUEST_QUERIES + 8


@pytest.mark.parametrize("n_reports", [2, 12])
def test_the_round_s_page(
    client, coordinator, halfway_round, actor_a, django_assert_max_num_queries, n_reports
):
    pledges = [
        signed_pledge_with(actor_a, 2, start_year=2000 + n, end_year=2040) for n in range(n_reports)
    ]
    open_round(round=halfway_round, pledges=pledges)
    client.force_login(coordinator)
    with django_assert_max_num_queries(ROUND_QUERIES):
        response = client.get(reverse("followup:round_detail", args=[halfway_round.pk]))
    assert response.status_code == 200
    assert response.content.decode().count(actor_a.name) >= n_reports


@pytest.mark.parametrize("n_measures", [3, 15])
def test_the_report_form(
    client, editor_a, halfway_round, actor_a, django_assert_max_num_queries, n_measures
):
    pledge = signed_pledge_with(actor_a, n_measures, start_year=2023, end_year=2026)
    report = Report.objects.create_for(halfway_round, pledge)
    report.save_draft(by=editor_a, expected_revision=report.revision)
    fill(report, comment="Klart.")
    client.force_login(editor_a)
    with django_assert_max_num_queries(REPORT_QUERIES):
        response = client.get(reverse("followup:report_edit", args=[report.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("Klart.") >= n_measures
