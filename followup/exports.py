"""A round's export, one row per measure: CSV for Excel in Sweden, and XLSX.

A round holds a county's pledges for one follow-up, some hundred rows at most, so
the file is built in the request. DESIGN.md sends *bulk* exports (many rounds,
every county) to background tasks; one round is not bulk.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pledges.numbers import format_number

from .models import Round
from .services import round_rows

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection),
# also after leading spaces or line breaks, which some spreadsheets skip.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def columns():
    """(key in services.round_rows, Swedish header, width in the XLSX) of each column."""
    return [
        ("actor", _("Aktör"), 30),
        ("pledge", _("Löfte"), 30),
        ("report_status", _("Rapportens status"), 18),
        ("party", _("Part"), 14),
        ("measure", _("Åtgärd"), 40),
        ("themes", _("Tema"), 24),
        ("programme_measures", _("Åtgärder i åtgärdsprogrammet"), 22),
        ("status", _("Status"), 22),
        ("comment", _("Kommentar"), 50),
        ("indicator_value", _("Indikatorns värde"), 14),
        ("indicator_unit", _("Enhet"), 12),
        ("evidence_url", _("Underlag (länk)"), 30),
        ("verification", _("Verifiering"), 24),
    ]


def safe_text(value):
    """CSV text as a spreadsheet shows it, never as a formula: a leading ' keeps it text."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_PREFIXES) or value.lstrip().startswith(FORMULA_PREFIXES)
    ):
        return "'" + value
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # Swedish Excel reads a decimal comma (and its CSV separator is ;), and a
        # thousands separator would make the cell text.
        return format_number(value, grouping=False, language="sv")
    return safe_text(str(value))


def _xlsx_value(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    # Control characters pasted into a comment would make openpyxl refuse the file.
    # No ' in front: the cells are typed as text (xlsx_bytes), which an XLSX can say.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def filename(round: Round, extension: str) -> str:
    return f"uppfoljning-{round.county.slug}-{round.pk}-{slugify(round.title)}.{extension}"


def _attachment(response, name):
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@dataclass
class Sheet:
    """One table of a workbook: its rows are lists of values in the headers' order."""

    title: str
    headers: list
    widths: list
    rows: Iterable
    cell: Callable = _xlsx_value


def csv_attachment(name: str, headers, rows, cell=_csv_value) -> HttpResponse:
    """Rows as CSV: UTF-8 with a byte order mark and ; between fields, which is what
    Excel with Swedish settings opens without asking."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([safe_text(str(header)) for header in headers])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return _attachment(response, name)


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """An XLSX of `sheets`, each with a bold, frozen header row; text cells typed as
    text, numbers and dates as what they are."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in sheets:
        # A sheet's name is at most 31 characters and some signs are not allowed.
        sheet = workbook.create_sheet(str(table.title)[:31].replace(":", ""))
        sheet.append([str(header) for header in table.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for row in table.rows:
            sheet.append([table.cell(value) for value in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    # openpyxl would store "=…" as a formula; a text cell is shown as typed.
                    cell.data_type = "s"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_attachment(name: str, data: bytes) -> HttpResponse:
    return _attachment(HttpResponse(data, content_type=XLSX_CONTENT_TYPE), name)


def _values(rows, cols):
    return ([row[key] for key, _header, _width in cols] for row in rows)


def csv_response(round: Round) -> HttpResponse:
    cols = columns()
    headers = [header for _key, header, _width in cols]
    return csv_attachment(filename(round, "csv"), headers, _values(round_rows(round), cols))


def xlsx_bytes(round: Round) -> bytes:
    cols = columns()
    return workbook_bytes(
        [
            Sheet(
                _("Uppföljning"),
                [header for _key, header, _width in cols],
                [width for _key, _header, width in cols],
                _values(round_rows(round), cols),
            )
        ]
    )


def xlsx_response(round: Round) -> HttpResponse:
    return xlsx_attachment(filename(round, "xlsx"), xlsx_bytes(round))
