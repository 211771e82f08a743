"""A round's export read back: one row per measure, Swedish headers, no formulas."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from followup.exports import safe_text
from followup.models import MeasureReport, Report
from pledges.models import Party
from tests import factories
from tests.factories import report_in_status

HEADERS = [
    "Aktör",
    "Löfte",
    "Rapportens status",
    "Part",
    "Åtgärd",
    "Tema",
    "Åtgärder i åtgärdsprogrammet",
    "Status",
    "Kommentar",
    "Indikatorns värde",
    "Enhet",
    "Underlag (länk)",
    "Verifiering",
]


@pytest.fixture
def exported_round(halfway_round, pledge_a, pledge_b, editor_a, coordinator):
    """Two reports: actor A's accepted with a linked, measured measure; actor B's untouched."""
    actor_measure = pledge_a.measures.get(party=Party.ACTOR)
    theme = factories.ThemeFactory(programme__county=halfway_round.county, name="Klimat och energi")
    link = factories.MeasureLink
    # The pledge is signed: its links and indicator are set past the model's lock.
    link.objects.bulk_create(
        [
            link(
                measure=actor_measure,
                programme_measure=factories.ProgrammeMeasureFactory(theme=theme, number="36"),
                is_primary=True,
            )
        ]
    )
    type(actor_measure).objects.filter(pk=actor_measure.pk).update(
        heading='=HYPERLINK("http://example.org")', indicator_unit="kWh"
    )
    halfway_round.mark_opened()
    report = Report.objects.create_for(halfway_round, pledge_a)
    report_in_status(Report.Status.SUBMITTED, report, editor=editor_a)
    MeasureReport.objects.filter(report=report, measure=actor_measure).update(
        comment="-2+3+cmd|' /C calc'!A0", indicator_value="1250.50"
    )
    confirmed = report.measure_reports.filter(measure=actor_measure).values_list("pk", flat=True)
    report.accept(by=coordinator, confirmed=list(confirmed))
    Report.objects.create_for(halfway_round, pledge_b)
    return halfway_round


def download(client, coordinator, round, fmt):
    client.force_login(coordinator)
    return client.get(reverse("followup:round_export", args=[round.pk, fmt]))


def test_csv_for_excel_in_sweden(client, coordinator, exported_round):
    response = download(client, coordinator, exported_round, "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    county = exported_round.county.slug
    assert response["Content-Disposition"] == (
        f'attachment; filename="uppfoljning-{county}-{exported_round.pk}'
        '-halvtidsuppfoljning-2025.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADERS
    body = rows[1:]
    # One row per measure: two reports of two measures each.
    assert len(body) == 4
    first = dict(zip(HEADERS, body[0], strict=True))
    assert first["Aktör"] == "Aktör A AB"
    assert first["Löfte"] == "Aktör A AB 2023–2026"
    assert first["Rapportens status"] == "Godkänd"
    assert first["Part"] == "Aktören"
    assert first["Tema"] == "Klimat och energi"
    assert first["Åtgärder i åtgärdsprogrammet"] == "36 (främst)"
    assert first["Status"] == "Genomförd"
    assert first["Indikatorns värde"] == "1250,5"
    assert first["Enhet"] == "kWh"
    assert first["Verifiering"] == "Bekräftat av länsstyrelsen"
    # Text that a spreadsheet would run as a formula is kept text.
    assert first["Åtgärd"] == '\'=HYPERLINK("http://example.org")'
    assert first["Kommentar"] == "'-2+3+cmd|' /C calc'!A0"
    board = dict(zip(HEADERS, body[1], strict=True))
    assert (board["Part"], board["Åtgärd"]) == ("Länsstyrelsen", "Länsstyrelsen ska stödja.")
    untouched = dict(zip(HEADERS, body[2], strict=True))
    assert (untouched["Aktör"], untouched["Rapportens status"], untouched["Status"]) == (
        "Aktör B AB",
        "Ej påbörjad",
        "",
    )


def test_xlsx_with_a_bold_frozen_header(client, coordinator, exported_round):
    response = download(client, coordinator, exported_round, "xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="uppfoljning-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["I"].width == 50
    assert len(rows) == 5
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert first["Indikatorns värde"] == 1250.5
    # The text as typed, in cells typed as text.
    assert first["Åtgärd"] == '=HYPERLINK("http://example.org")'
    assert first["Kommentar"] == "-2+3+cmd|' /C calc'!A0"
    # No cell of the file is a formula.
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_empty_round_exports_its_headers(client, coordinator, halfway_round):
    response = download(client, coordinator, halfway_round, "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [HEADERS]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+46 470 123", "'+46 470 123"),
        ("-minus", "'-minus"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tflik", "'\tflik"),
        (' =HYPERLINK("http://evil")', '\' =HYPERLINK("http://evil")'),
        ("\n=1+1", "'\n=1+1"),
        ("Vanlig text", "Vanlig text"),
        ("", ""),
        (12, 12),
    ],
)
def test_the_formula_guard(value, expected):
    assert safe_text(value) == expected


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_is_never_stored_by_a_cache(client, coordinator, exported_round, fmt):
    response = download(client, coordinator, exported_round, fmt)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
