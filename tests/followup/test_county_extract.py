"""The county's full extract read back: every measure in every round, typed, no formulas,
to the county's coordinators and the national administrator only."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from followup.models import MeasureReport, Report
from pledges.models import Measure, Party, Pledge
from tests import factories
from tests.factories import make_round, report_in_status
from tests.helpers import CAST, REQUEST_QUERIES, expected_status

HEADERS = [
    "Löfte",
    "Aktör",
    "Aktörstyp",
    "Kommun",
    "Löftets status",
    "Från år",
    "Till år",
    "Undertecknat",
    "Part",
    "Nr",
    "Åtgärd",
    "Tema",
    "Åtgärder i åtgärdsprogrammet",
    "Indikatorns enhet",
    "Utgångsvärde",
    "Målvärde",
    "Omgång",
    "Typ av uppföljning",
    "Sista dag",
    "Rapportens status",
    "Inskickad",
    "Granskad",
    "Status",
    "Kommentar",
    "Indikatorns värde",
    "Underlag (länk)",
    "Underlag (fil)",
    "Verifiering",
    "Länsstyrelsens kommentar",
    "Övergripande kommentar",
    "Länsstyrelsens kommentar till rapporten",
]
ROUND_COLUMNS = HEADERS[HEADERS.index("Omgång") :]


def url(county, fmt):
    return reverse("followup:county_extract", args=[county.slug, fmt])


@pytest.fixture
def extracted(kronoberg, kalmar, halfway_round, final_round, pledge_a, pledge_b, actor_b,
              editor_a, coordinator):  # fmt: skip
    """Kronoberg: actor A's pledge reported halfway (accepted) and finally (submitted);
    actor B's halfway report not started, and its draft pledge never reported. Kalmar's
    pledge, reported too, must not show."""
    actor_measure = pledge_a.measures.get(party=Party.ACTOR)
    theme = factories.ThemeFactory(programme__county=kronoberg, name="Klimat och energi")
    # The pledge is signed: its links and indicator are set past the model's lock.
    factories.MeasureLink.objects.bulk_create(
        [
            factories.MeasureLink(
                measure=actor_measure,
                programme_measure=factories.ProgrammeMeasureFactory(theme=theme, number="36"),
                is_primary=True,
            ),
            factories.MeasureLink(
                measure=actor_measure,
                programme_measure=factories.ProgrammeMeasureFactory(theme=theme, number="2"),
            ),
        ]
    )
    Measure.objects.filter(pk=actor_measure.pk).update(
        heading='=HYPERLINK("http://example.org")',
        indicator_unit="kWh",
        indicator_baseline=Decimal("48000"),
        indicator_target=Decimal("36000.5"),
    )
    halfway_round.mark_opened()
    halfway = Report.objects.create_for(halfway_round, pledge_a)
    report_in_status(Report.Status.SUBMITTED, halfway, editor=editor_a)
    MeasureReport.objects.filter(report=halfway, measure=actor_measure).update(
        comment="-2+3+cmd|' /C calc'!A0",
        indicator_value=Decimal("41250.50"),
        evidence_url="https://www.example.org/underlag.pdf",
    )
    confirmed = halfway.measure_reports.filter(measure=actor_measure).values_list("pk", flat=True)
    halfway.accept(by=coordinator, note="Tack.", confirmed=list(confirmed))
    Report.objects.create_for(halfway_round, pledge_b)
    final_round.mark_opened()
    final = Report.objects.create_for(final_round, pledge_a)
    report_in_status(Report.Status.SUBMITTED, final, editor=editor_a)
    factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor_b, start_year=2027, end_year=2030)
    kalmar_pledge = factories.signed_pledge(actor=factories.ActorFactory(county=kalmar))
    kalmar_round = make_round(kalmar)
    kalmar_round.mark_opened()
    Report.objects.create_for(kalmar_round, kalmar_pledge)
    return kronoberg


def read_csv(response):
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def expected_row_count(county):
    """One row per measure per round it was reported in, one for a measure never reported."""
    return sum(
        max(1, measure.reports.count()) for measure in Measure.objects.filter(pledge__county=county)
    )


def test_the_csv_has_a_row_per_measure_per_round(coordinator_client, extracted, pledge_a):
    response = coordinator_client.get(url(extracted, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="utdrag-{extracted.slug}-'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    headers, rows = read_csv(response)
    assert headers == HEADERS
    assert len(rows) == expected_row_count(extracted) == 8
    # Kronoberg's only: nothing of Kalmar's pledge.
    assert {row["Aktör"] for row in rows} == {"Aktör A AB", "Aktör B AB"}

    a_rows = [r for r in rows if r["Löfte"] == pledge_a.slug and r["Part"] == "Aktören"]
    assert [r["Omgång"] for r in a_rows] == ["Halvtidsuppföljning 2025", "Slutuppföljning 2027"]
    halfway, final = a_rows
    assert halfway["Aktörstyp"] == "Företag"
    assert (halfway["Från år"], halfway["Till år"]) == ("2023", "2026")
    assert halfway["Löftets status"] == "Undertecknat"
    assert halfway["Tema"] == "Klimat och energi"
    assert halfway["Åtgärder i åtgärdsprogrammet"] == "36 (främst), 2"
    assert (halfway["Indikatorns enhet"], halfway["Utgångsvärde"], halfway["Målvärde"]) == (
        "kWh",
        "48000",
        "36000,5",
    )
    assert halfway["Typ av uppföljning"] == "Halvtidsuppföljning"
    assert halfway["Sista dag"] == "2025-06-30"
    assert halfway["Rapportens status"] == "Godkänd"
    assert halfway["Status"] == "Genomförd"
    # Swedish decimals, without a thousands separator.
    assert halfway["Indikatorns värde"] == "41250,5"
    assert halfway["Underlag (länk)"] == "https://www.example.org/underlag.pdf"
    assert halfway["Verifiering"] == "Bekräftat av länsstyrelsen"
    assert halfway["Länsstyrelsens kommentar till rapporten"] == "Tack."
    assert halfway["Inskickad"] and halfway["Granskad"]
    assert (final["Rapportens status"], final["Granskad"]) == ("Inskickad", "")
    # Text that a spreadsheet would run as a formula is kept text.
    assert halfway["Åtgärd"] == '\'=HYPERLINK("http://example.org")'
    assert halfway["Kommentar"] == "'-2+3+cmd|' /C calc'!A0"

    # The board's commitments are rows too.
    board = [r for r in rows if r["Löfte"] == pledge_a.slug and r["Part"] == "Länsstyrelsen"]
    assert [r["Åtgärd"] for r in board] == ["Länsstyrelsen ska stödja."] * 2
    # Actor B: its halfway report not started; its draft pledge's measures never reported.
    b_rows = [r for r in rows if r["Aktör"] == "Aktör B AB"]
    assert [r["Rapportens status"] for r in b_rows if r["Från år"] == "2023"] == [
        "Ej påbörjad",
        "Ej påbörjad",
    ]
    never = [r for r in b_rows if r["Från år"] == "2027"]
    assert len(never) == 2
    assert all(r["Löftets status"] == "Utkast" for r in never)
    assert all(r[column] == "" for r in never for column in ROUND_COLUMNS)


def test_the_rows_add_up_to_the_reports(coordinator_client, extracted):
    """Each report status and measure status is in as many rows as there are measure
    reports with it."""
    _headers, rows = read_csv(coordinator_client.get(url(extracted, "csv")))
    mrs = MeasureReport.objects.filter(measure__pledge__county=extracted).select_related("report")
    for status in Report.Status:
        expected = sum(1 for mr in mrs if mr.report.status == status)
        assert sum(1 for r in rows if r["Rapportens status"] == status.label) == expected
    for status in MeasureReport.Status:
        expected = sum(1 for mr in mrs if mr.status == status)
        assert sum(1 for r in rows if r["Status"] == status.label) == expected
    assert sum(1 for r in rows if r["Omgång"] == "") == (
        Measure.objects.filter(pledge__county=extracted, reports__isnull=True).count()
    )


def test_the_xlsx_has_typed_cells_under_a_frozen_header(coordinator_client, extracted, pledge_a):
    response = coordinator_client.get(url(extracted, "xlsx"))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    rows = [dict(zip(HEADERS, row, strict=True)) for row in values[1:]]
    assert len(rows) == expected_row_count(extracted)
    halfway = next(r for r in rows if r["Löfte"] == pledge_a.slug and r["Nr"] is not None
                   and r["Part"] == "Aktören")  # fmt: skip
    # Numbers as numbers, dates as dates.
    assert (halfway["Från år"], halfway["Till år"]) == (2023, 2026)
    assert isinstance(halfway["Nr"], int)
    assert halfway["Utgångsvärde"] == 48000
    assert halfway["Målvärde"] == 36000.5
    assert halfway["Indikatorns värde"] == 41250.5
    assert halfway["Sista dag"] == datetime.datetime(2025, 6, 30)
    assert isinstance(halfway["Inskickad"], datetime.datetime)
    assert isinstance(halfway["Granskad"], datetime.datetime)
    # The text as typed, in cells typed as text; no cell of the file is a formula.
    assert halfway["Åtgärd"] == '=HYPERLINK("http://example.org")'
    assert halfway["Kommentar"] == "-2+3+cmd|' /C calc'!A0"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # A measure never reported: its round cells empty.
    never = [r for r in rows if r["Från år"] == 2027]
    assert never and all(r[column] is None for r in never for column in ROUND_COLUMNS)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("who", CAST)
def test_only_the_countys_coordinators_and_the_national_administrator_get_it(
    as_user, extracted, who, fmt
):
    response = as_user(who).get(url(extracted, fmt))
    assert response.status_code == expected_status(who, of_kronoberg=True)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if response.status_code == 200:
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
    else:
        assert "Aktör A AB".encode() not in response.content


def test_another_countys_coordinator_gets_their_own_countys(as_user, extracted, kalmar):
    response = as_user("other_coordinator").get(url(kalmar, "csv"))
    assert response.status_code == 200
    _headers, rows = read_csv(response)
    assert rows and all(r["Aktör"] != "Aktör A AB" for r in rows)


def test_an_unknown_format_or_county_is_not_found(coordinator_client, extracted):
    assert coordinator_client.get(url(extracted, "pdf")).status_code == 404
    missing = reverse("followup:county_extract", args=["inget-lan", "csv"])
    assert coordinator_client.get(missing).status_code == 404


def _many_pledges(county, round, n):
    round.mark_opened()
    for i in range(n):
        actor = factories.ActorFactory(county=county, name=f"Aktör {i}", slug=f"aktor-{i}")
        pledge = factories.signed_pledge_with(actor, 3, start_year=2023, end_year=2026)
        report = Report.objects.create_for(round, pledge)
        if i % 2:
            report_in_status(Report.Status.SUBMITTED, report)


# The view's own: the county; then the measures, their links, the measure reports.
EXTRACT_QUERIES = REQUEST_QUERIES + 4


@pytest.mark.parametrize("n", [2, 50])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_extract_takes_the_same_queries_whatever_the_size(
    coordinator_client, kronoberg, halfway_round, django_assert_max_num_queries, n, fmt
):
    _many_pledges(kronoberg, halfway_round, n)
    with django_assert_max_num_queries(EXTRACT_QUERIES):
        response = coordinator_client.get(url(kronoberg, fmt))
    assert response.status_code == 200


def test_the_round_page_links_to_the_countys_extract(coordinator_client, halfway_round):
    """Beside the round's own export (the dashboard will link it too)."""
    halfway_round.mark_opened()
    page = coordinator_client.get(reverse("followup:round_detail", args=[halfway_round.pk]))
    text = page.content.decode()
    assert f'href="{url(halfway_round.county, "csv")}"' in text
    assert f'href="{url(halfway_round.county, "xlsx")}"' in text


def test_the_demo_countys_extract_is_every_measure_in_every_round(client, shared_demo):
    from actors.models import County

    kronoberg = County.objects.get(code="07")
    client.force_login(shared_demo["coordinator"])
    _headers, rows = read_csv(client.get(url(kronoberg, "csv")))
    assert len(rows) == expected_row_count(kronoberg)
    assert len({r["Omgång"] for r in rows} - {""}) >= 5
    units = {r["Indikatorns enhet"] for r in rows if r["Indikatorns värde"]}
    assert {"ton CO₂e", "kWh"} <= units
