"""Import an action programme's themes and measures from a CSV or XLSX file.

All or nothing: every row of the file is checked first, and only a file
without a single error is written, in one transaction. Counties publish their
programmes as documents and keep them in spreadsheets, so the file is read the
way a person sees it in Excel: row 1 is the header, and an error names the row
number Excel shows.

Themes are matched on their name, measures on (theme, number), both ignoring
case ("3a" is measure 3A); what matches is updated, the rest is created, and
nothing is ever deleted: pledges link to programme measures, and a file that
leaves one out is more likely a partial file than a decision. For the same
reason a blank cell leaves what is there as it is: it does not clear a title.
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

import openpyxl
from django.db import transaction
from django.utils.translation import gettext

from actors.pagecache import batched

from .models import EnvironmentalObjective, GlobalGoal, Programme, ProgrammeMeasure, Theme

MAX_FILE_SIZE = 2 * 1024 * 1024
# What an XLSX may unpack to: a small zip can hold a very large sheet.
MAX_UNPACKED_SIZE = 50 * 1024 * 1024
MAX_ROWS = 5000

# Column names as they stand in the header row, and what they fill.
COLUMNS = {
    "tema": "theme",
    "nummer": "number",
    "rubrik": "title",
    "beskrivning": "description",
    "miljömål": "objectives",
    "globala mål": "global_goals",
}
REQUIRED_COLUMNS = ("tema", "nummer")
EXTENSIONS = (".csv", ".xlsx")
ZIP_MAGIC = b"PK\x03\x04"
LIST_SEPARATORS = re.compile(r"[,;\s]+")

THEME_MAX = Theme._meta.get_field("name").max_length
NUMBER_MAX = ProgrammeMeasure._meta.get_field("number").max_length
TITLE_MAX = ProgrammeMeasure._meta.get_field("title").max_length


class FileRejected(Exception):
    """The file as a whole cannot be read: wrong type, too large, not UTF-8…"""


@dataclass(frozen=True)
class RowError:
    row: int | None  # None: about the file as a whole
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        return gettext("Rad %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    themes_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Row:
    """One valid data row. Fields of columns the file does not have are None: left as they are."""

    number_in_file: int
    theme: str
    number: str
    title: str | None
    description: str | None
    objectives: set[int] | None
    global_goals: set[int] | None


def import_programme(programme: Programme, upload) -> ImportResult:
    """Read `upload` (a file object with a name: .csv or .xlsx) into `programme`.

    Returns the errors, by row, and writes nothing if there is one; otherwise
    creates and updates in one transaction and returns the counts.
    """
    try:
        table = read_table(upload)
    except FileRejected as rejected:
        return ImportResult(errors=[RowError(None, str(rejected))])
    rows, errors = validate(table)
    if errors:
        return ImportResult(errors=errors)
    return write(programme, rows)


# Reading


def read_table(upload) -> list[tuple[int, list[str]]]:
    """The file's rows as (row number, cells as text), the header row included."""
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(EXTENSIONS):
        raise FileRejected(
            gettext(
                "Filen måste vara en CSV- eller XLSX-fil (namnet ska sluta på .csv eller .xlsx)."
            )
        )
    too_large = FileRejected(
        gettext("Filen är för stor: den får vara högst %(size)s MB.")
        % {"size": MAX_FILE_SIZE // (1024 * 1024)}
    )
    if (getattr(upload, "size", None) or 0) > MAX_FILE_SIZE:
        raise too_large
    data = upload.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise too_large
    if not data.strip():
        raise FileRejected(gettext("Filen är tom."))
    table = read_xlsx(data) if name.endswith(".xlsx") else read_csv(data)
    if len(table) > MAX_ROWS + 1:
        raise FileRejected(
            gettext("Filen har för många rader: högst %(rows)s åtgärder går att läsa in åt gången.")
            % {"rows": MAX_ROWS}
        )
    return table


def read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    if data.startswith(ZIP_MAGIC):
        raise FileRejected(
            gettext(
                "Filen är ingen CSV-fil utan ser ut att vara en Excel-fil. Ge den ändelsen .xlsx."
            )
        )
    if b"\x00" in data:
        raise FileRejected(
            gettext(
                "Filen är ingen CSV-fil i textformat. Spara den i Excel som "
                "”CSV UTF-8 (kommaavgränsad)”."
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected(
            gettext(
                "Filen är inte sparad som UTF-8. Spara den i Excel som "
                "”CSV UTF-8 (kommaavgränsad)” och försök igen."
            )
        ) from None
    # Swedish Excel separates with semicolons, the rest of the world with
    # commas; the header row says which (its names contain neither).
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = []
    try:
        for number, cells in enumerate(reader, start=1):
            table.append((number, cells))
            if number > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise FileRejected(
            gettext("Filen kunde inte läsas som CSV: %(error)s") % {"error": error}
        ) from None
    return table


def read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    not_xlsx = FileRejected(gettext("Filen kunde inte läsas som en Excel-fil (XLSX)."))
    if not data.startswith(ZIP_MAGIC):
        raise not_xlsx
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise not_xlsx from None
    if unpacked > MAX_UNPACKED_SIZE:
        raise FileRejected(gettext("Excel-filen är för stor för att läsas in."))

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # A damaged or foreign zip (a .docx renamed) fails in many ways inside openpyxl.
    except Exception:
        raise not_xlsx from None
    try:
        sheet = workbook.worksheets[0]
        # The stored dimensions may be wrong, and rows past them would be dropped.
        sheet.reset_dimensions()
        table = []
        for cells in sheet.iter_rows():
            cells = [cell for cell in cells if getattr(cell, "row", None)]
            if not cells:
                continue
            # Read-only sheets skip rows that hold nothing; the cells know their row.
            number = cells[0].row
            values = {cell.column: cell_text(cell.value) for cell in cells}
            table.append((number, [values.get(col, "") for col in range(1, max(values) + 1)]))
            if len(table) > MAX_ROWS + 1:
                break
    except Exception:
        raise not_xlsx from None
    finally:
        workbook.close()
    return table


def cell_text(value) -> str:
    """A cell as the person typed it: Excel stores 36 as 36.0, and that is still "36"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Checking


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def theme_key(name: str) -> str:
    return name.casefold()


def validate(table) -> tuple[list[Row], list[RowError]]:
    """Check every row; return the rows and every error found, by row number."""
    if not table or table[0][0] != 1 or not any(cell.strip() for cell in table[0][1]):
        return [], [
            RowError(
                1,
                gettext("rubrikraden saknas. Första raden ska vara: %(header)s.")
                % {"header": ", ".join(COLUMNS)},
            )
        ]
    columns, errors = read_header(table[0][1])
    if errors:
        return [], errors

    objectives = set(EnvironmentalObjective.objects.values_list("number", flat=True))
    goals = set(GlobalGoal.objects.values_list("number", flat=True))
    rows, seen = [], {}
    for number_in_file, cells in table[1:]:
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheets end in empty rows

        def value(column, cells=cells):
            index = columns.get(column)
            if index is None:
                return None
            return cells[index].strip() if index < len(cells) else ""

        def error(message, row=number_in_file):
            errors.append(RowError(row, message))

        theme = normalise(value("tema"))
        number = normalise(value("nummer"))
        # Blank is "no change", like a missing column.
        title = normalise(value("rubrik") or "") or None
        description = value("beskrivning") or None
        if not theme:
            error(gettext("tema saknas"))
        elif len(theme) > THEME_MAX:
            error(gettext("temats namn är längre än %(max)s tecken") % {"max": THEME_MAX})
        if not number:
            error(gettext("nummer saknas"))
        elif len(number) > NUMBER_MAX:
            error(
                gettext("numret ”%(number)s” är längre än %(max)s tecken")
                % {"number": number, "max": NUMBER_MAX}
            )
        if title and len(title) > TITLE_MAX:
            error(gettext("rubriken är längre än %(max)s tecken") % {"max": TITLE_MAX})
        row_objectives = numbers(
            value("miljömål") or None, objectives, gettext("okänt miljömål %(number)s"), error
        )
        row_goals = numbers(
            value("globala mål") or None, goals, gettext("okänt globalt mål %(number)s"), error
        )
        if theme and number:
            key = (theme_key(theme), number.casefold())
            if key in seen:
                error(
                    gettext("åtgärd %(number)s i temat ”%(theme)s” finns redan på rad %(row)s")
                    % {"number": number, "theme": theme, "row": seen[key]}
                )
            else:
                seen[key] = number_in_file
        rows.append(
            Row(
                number_in_file=number_in_file,
                theme=theme,
                number=number,
                title=title,
                description=description,
                objectives=row_objectives,
                global_goals=row_goals,
            )
        )
    if not errors and not rows:
        errors.append(RowError(None, gettext("Filen har inga åtgärder, bara en rubrikrad.")))
    return rows, errors


def read_header(cells: list[str]) -> tuple[dict[str, int], list[RowError]]:
    columns, errors = {}, []
    for index, cell in enumerate(cells):
        name = normalise(cell).casefold()
        if not name:
            continue  # Excel exports trailing empty columns
        if name not in COLUMNS:
            errors.append(
                RowError(
                    1,
                    gettext("okänd kolumn ”%(name)s”. Kolumnerna ska heta %(columns)s.")
                    % {"name": normalise(cell), "columns": ", ".join(COLUMNS)},
                )
            )
        elif name in columns:
            errors.append(
                RowError(1, gettext("kolumnen ”%(name)s” finns två gånger") % {"name": name})
            )
        else:
            columns[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            errors.append(RowError(1, gettext("kolumnen ”%(name)s” saknas") % {"name": name}))
    return columns, errors


def numbers(text: str | None, known: set[int], unknown_message: str, error) -> set[int] | None:
    """A list of numbers such as "1, 15" or "1;15"; each must be one of `known`."""
    if text is None:
        return None
    found = set()
    for token in dict.fromkeys(t for t in LIST_SEPARATORS.split(text) if t):
        if token.isdigit() and int(token) in known:
            found.add(int(token))
        else:
            error(unknown_message % {"number": token})
    return found


# Writing


@transaction.atomic
@batched()
def write(programme: Programme, rows: list[Row]) -> ImportResult:
    # One import per programme at a time: two would both create the same theme.
    Programme.objects.select_for_update().get(pk=programme.pk)
    result = ImportResult()
    objectives = dict(EnvironmentalObjective.objects.values_list("number", "pk"))
    goals = dict(GlobalGoal.objects.values_list("number", "pk"))

    existing_themes = list(programme.themes.all())
    themes_by_name = {t.name: t for t in existing_themes}
    themes = {theme_key(t.name): t for t in existing_themes}
    next_order = programme.themes.next_order()
    measures = {
        (m.theme_id, m.number.casefold()): m
        for m in ProgrammeMeasure.objects.filter(theme__programme=programme).prefetch_related(
            "objectives", "global_goals"
        )
    }

    for row in rows:
        theme = themes_by_name.get(row.theme) or themes.get(theme_key(row.theme))
        if theme is None:
            theme = Theme.objects.create(programme=programme, name=row.theme, order=next_order)
            themes[theme_key(row.theme)] = theme
            next_order += 1
            result.themes_created += 1
        objective_ids = None if row.objectives is None else {objectives[n] for n in row.objectives}
        goal_ids = None if row.global_goals is None else {goals[n] for n in row.global_goals}

        measure = measures.get((theme.pk, row.number.casefold()))
        if measure is None:
            measure = ProgrammeMeasure.objects.create(
                theme=theme,
                number=row.number,
                title=row.title or "",
                description=row.description or "",
            )
            if objective_ids:
                measure.objectives.set(objective_ids)
            if goal_ids:
                measure.global_goals.set(goal_ids)
            result.created += 1
            continue

        changed = False
        for attribute in ("title", "description"):
            new = getattr(row, attribute)
            if new is not None and new != getattr(measure, attribute):
                setattr(measure, attribute, new)
                changed = True
        if changed:
            measure.save(update_fields=["title", "description"])
        for relation, ids in (("objectives", objective_ids), ("global_goals", goal_ids)):
            manager = getattr(measure, relation)
            if ids is not None and ids != {related.pk for related in manager.all()}:
                manager.set(ids)
                changed = True
        if changed:
            result.updated += 1
        else:
            result.unchanged += 1
    return result


# The template offered for download


TEMPLATE_ROWS = [
    list(COLUMNS),
    [
        "Klimat och energi",
        "1",
        "Energieffektivisering i små och medelstora företag",
        "Länsstyrelsen och energikontoret stöttar företag att kartlägga och minska "
        "sin energianvändning.",
        "1",
        "7, 9, 13",
    ],
    ["Klimat och energi", "2", "Fossilfria transporter", "", "1, 2", "11, 13"],
    ["Giftfri miljö", "1", "Kemikaliesmart förskola", "", "4", "3, 12"],
]


def template_csv() -> bytes:
    """The import template: semicolons and a BOM, so that Swedish Excel opens it in columns."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue().encode("utf-8-sig")
