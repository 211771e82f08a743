"""The dashboard's tables as CSV and XLSX: the same figures as the page, with the
round export's conventions, to the county's coordinators only."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.followup.test_dashboard_pages import pledges_with_reports
from tests.helpers import CAST, REQUEST_QUERIES, expected_status


def export_url(county, table, fmt, **params):
    url = reverse("followup:dashboard_export", args=[county.slug, table, fmt])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.mark.parametrize("who", CAST)
def test_the_exports_against_the_cast(as_user, who, kronoberg, draft):
    response = as_user(who).get(export_url(kronoberg, "status", "csv"))

    assert response.status_code == expected_status(who, of_kronoberg=True)
    if response.status_code == 200:
        assert response["Content-Disposition"].startswith("attachment;")


def test_an_unknown_table_or_format_is_not_found(coordinator_client, kronoberg):
    assert coordinator_client.get(export_url(kronoberg, "finns-inte", "csv")).status_code == 404
    assert coordinator_client.get(export_url(kronoberg, "status", "pdf")).status_code == 404
    assert coordinator_client.get(export_url(kronoberg, "alla", "csv")).status_code == 404


def test_the_csv_has_the_round_exports_conventions(coordinator_client, coordinator, kronoberg):
    pledges_with_reports(kronoberg, 4, coordinator)
    response = coordinator_client.get(export_url(kronoberg, "indikatorer", "csv"))
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    text = text.decode("utf-8")

    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Enhet", "Summa", "Antal åtgärder"]
    # Two of four pledges reported 3 in their measure with an indicator: 6, over two measures.
    assert rows[1] == ["ton CO₂e", "6", "2"]


def test_the_workbook_has_every_table_typed_with_a_frozen_header(
    coordinator_client, coordinator, kronoberg, django_assert_max_num_queries
):
    pledges_with_reports(kronoberg, 4, coordinator)
    with django_assert_max_num_queries(REQUEST_QUERIES + 28):
        response = coordinator_client.get(export_url(kronoberg, "alla", "xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))

    assert len(workbook.sheetnames) == 7
    status = workbook.worksheets[1]
    assert status.freeze_panes == "A2"
    assert status["A1"].font.bold
    assert status["C1"].value == "Genomförd"
    actors = next(
        row for row in status.iter_rows(min_row=2, values_only=True) if row[1] == "Aktören"
    )
    # Two pledges reported done in their latest accepted report, each with two actor measures.
    assert actors[2] == 4
    assert isinstance(actors[-1], int)
    rounds = workbook.worksheets[4]
    assert isinstance(rounds["B2"].value, datetime.datetime | datetime.date)
    indicators = workbook.worksheets[5]
    assert Decimal(str(indicators["B2"].value)) == Decimal("6")
    assert indicators["C2"].value == 2


def test_a_formula_in_a_title_stays_text(coordinator_client, kronoberg):
    from tests import factories

    factories.make_round(kronoberg, title='=HYPERLINK("x")')
    response = coordinator_client.get(export_url(kronoberg, "omgangar", "csv"))
    assert "'=HYPERLINK" in response.content.decode("utf-8")
    workbook = load_workbook(
        io.BytesIO(coordinator_client.get(export_url(kronoberg, "omgangar", "xlsx")).content)
    )
    cell = workbook.active["A2"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"
