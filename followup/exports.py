"""A round's export, one row per measure: CSV for Excel in Sweden, and XLSX.

A round holds a county's pledges for one follow-up, some hundred rows at most, so
the file is built in the request. DESIGN.md sends *bulk* exports (many rounds,
every county) to background tasks; one round is not bulk.
"""

import csv
import io
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


def csv_response(round: Round) -> HttpResponse:
    """The round as CSV: UTF-8 with a byte order mark and ; between fields, which is what
    Excel with Swedish settings opens without asking."""
    cols = columns()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([header for _key, header, _width in cols])
    for row in round_rows(round):
        writer.writerow([_csv_value(row[key]) for key, _header, _width in cols])
    return _attachment(response, filename(round, "csv"))


def xlsx_bytes(round: Round) -> bytes:
    cols = columns()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Uppföljning")
    sheet.append([header for _key, header, _width in cols])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, (_key, _header, width) in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in round_rows(round):
        sheet.append([_xlsx_value(row[key]) for key, _header, _width in cols])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                # openpyxl would store "=…" as a formula; a text cell is shown as typed.
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(round: Round) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(round), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, filename(round, "xlsx"))
