"""Importing an action programme from CSV and XLSX: all rows or none, no duplicates."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pledges.importing import MAX_FILE_SIZE, import_programme, template_csv
from pledges.models import ProgrammeMeasure, Theme
from tests import factories

HEADER = "tema,nummer,rubrik,beskrivning,miljömål,globala mål"
VALID_CSV = f"""{HEADER}
Klimat och energi,1,Energieffektivisering i företag,Stöd till små företag.,"1, 3","7, 13"
Klimat och energi,2,Fossilfria transporter,,1,11
Giftfri miljö,1,Kemikaliesmart förskola,,4,"3;12"
"""


def upload(text_or_bytes, name="program.csv"):
    data = text_or_bytes.encode() if isinstance(text_or_bytes, str) else text_or_bytes
    return SimpleUploadedFile(name, data)


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def programme(kronoberg):
    return factories.ProgrammeFactory(county=kronoberg, name="Kronobergs åtgärdsprogram")


def measures(programme):
    """The programme as data: {(theme, number): (title, objectives, goals)}."""
    return {
        (m.theme.name, m.number): (
            m.title,
            sorted(o.number for o in m.objectives.all()),
            sorted(g.number for g in m.global_goals.all()),
        )
        for m in ProgrammeMeasure.objects.filter(theme__programme=programme)
    }


EXPECTED = {
    ("Klimat och energi", "1"): ("Energieffektivisering i företag", [1, 3], [7, 13]),
    ("Klimat och energi", "2"): ("Fossilfria transporter", [1], [11]),
    ("Giftfri miljö", "1"): ("Kemikaliesmart förskola", [4], [3, 12]),
}


def test_a_valid_csv_with_commas_creates_themes_and_measures(programme):
    result = import_programme(programme, upload(VALID_CSV))

    assert result.ok, result.errors
    assert (result.created, result.updated, result.themes_created) == (3, 0, 2)
    assert measures(programme) == EXPECTED
    assert list(programme.themes.values_list("name", "order")) == [
        ("Klimat och energi", 1),
        ("Giftfri miljö", 2),
    ]
    description = ProgrammeMeasure.objects.get(theme__name="Klimat och energi", number="1")
    assert description.description == "Stöd till små företag."


def test_a_csv_with_semicolons_and_a_bom_as_swedish_excel_saves_it(programme):
    text = (
        "\ufeffTema;Nummer;Rubrik;Beskrivning;Miljömål;Globala mål\r\n"
        "Klimat och energi;1;Energieffektivisering i företag;Stöd till små företag.;1, 3;7 13\r\n"
        "Klimat och energi;2;Fossilfria transporter;;1;11\r\n"
        "Giftfri miljö;1;Kemikaliesmart förskola;;4;3, 12\r\n"
        ";;;;;\r\n"
    )
    result = import_programme(programme, upload(text.encode("utf-8")))

    assert result.ok, result.errors
    assert result.created == 3
    assert measures(programme) == EXPECTED


def test_header_names_ignore_case_and_whitespace(programme):
    text = VALID_CSV.replace(HEADER, " TEMA , Nummer,rubrik,Beskrivning,MILJÖMÅL,  Globala   Mål ")
    assert import_programme(programme, upload(text)).ok


def test_a_valid_xlsx_first_sheet(programme):
    data = xlsx(
        [
            ["tema", "nummer", "rubrik", "beskrivning", "miljömål", "globala mål"],
            ["Klimat och energi", 1, "Energieffektivisering i företag", None, "1, 3", "7, 13"],
            ["Klimat och energi", 2.0, "Fossilfria transporter", None, 1, 11],
            ["Giftfri miljö", "1", "Kemikaliesmart förskola", None, 4, "3;12"],
        ]
    )
    result = import_programme(programme, upload(data, "program.xlsx"))

    assert result.ok, result.errors
    assert result.created == 3
    assert measures(programme) == EXPECTED


def test_reimporting_the_same_file_changes_nothing(programme):
    import_programme(programme, upload(VALID_CSV))
    counts = (Theme.objects.count(), ProgrammeMeasure.objects.count())
    history = ProgrammeMeasure.history.count()

    result = import_programme(programme, upload(VALID_CSV))

    assert result.ok
    assert (result.created, result.updated, result.unchanged, result.themes_created) == (0, 0, 3, 0)
    assert (Theme.objects.count(), ProgrammeMeasure.objects.count()) == counts
    assert ProgrammeMeasure.history.count() == history, "nothing saved, nothing in the history"
    assert measures(programme) == EXPECTED


def test_an_update_changes_a_title_and_the_goals_and_keeps_the_rest(programme):
    import_programme(programme, upload(VALID_CSV))
    changed = VALID_CSV.replace("Fossilfria transporter,,1,11", "Fossilfri mobilitet,,1,11 9")

    result = import_programme(programme, upload(changed))

    assert result.ok
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert measures(programme)[("Klimat och energi", "2")] == ("Fossilfri mobilitet", [1], [9, 11])
    assert ProgrammeMeasure.objects.count() == 3


def test_existing_themes_match_whatever_the_case_and_nothing_is_deleted(programme):
    theme = factories.ThemeFactory(programme=programme, name="Klimat och energi", order=1)
    kept = factories.ProgrammeMeasureFactory(theme=theme, number="36", title="Finns kvar")
    text = f"{HEADER}\nKLIMAT OCH ENERGI,1,Ny åtgärd,,,\n"

    result = import_programme(programme, upload(text))

    assert result.ok
    assert (result.created, result.themes_created) == (1, 0)
    assert set(theme.measures.values_list("number", flat=True)) == {"1", "36"}
    kept.refresh_from_db()
    assert kept.title == "Finns kvar"


def test_the_same_number_in_two_themes_is_two_measures(programme):
    text = f"{HEADER}\nKlimat,1,,,,\nVatten,1,,,,\n"
    result = import_programme(programme, upload(text))
    assert result.ok
    assert result.created == 2


def test_a_file_with_three_bad_rows_imports_nothing_and_names_every_row(programme):
    text = (
        f"{HEADER}\n"
        "Klimat och energi,1,Bra rad,,1,13\n"
        "Klimat och energi,,Nummer saknas,,1,\n"  # row 3
        'Klimat och energi,2,Fel miljömål,,"1, 18",\n'  # row 4
        "Giftfri miljö,1,Bra rad,,4,\n"
        "Klimat och energi,1,Samma som rad 2,,,\n"  # row 6
    )
    result = import_programme(programme, upload(text))

    assert [str(error) for error in result.errors] == [
        "Rad 3: nummer saknas",
        "Rad 4: okänt miljömål 18",
        "Rad 6: åtgärd 1 i temat ”Klimat och energi” finns redan på rad 2",
    ]
    assert (result.created, result.updated) == (0, 0)
    assert not Theme.objects.exists()
    assert not ProgrammeMeasure.objects.exists()


def test_unknown_global_goals_missing_themes_and_long_numbers_are_errors(programme):
    text = f"{HEADER}\n,1,,,,\nKlimat,12345678901,,,,\nKlimat,2,,,,18 x\n"
    errors = [str(error) for error in import_programme(programme, upload(text)).errors]
    assert errors == [
        "Rad 2: tema saknas",
        "Rad 3: numret ”12345678901” är längre än 10 tecken",
        "Rad 4: okänt globalt mål 18",
        "Rad 4: okänt globalt mål x",
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("tema,rubrik", "Rad 1: kolumnen ”nummer” saknas"),
        ("tema,nummer,miljömal", "Rad 1: okänd kolumn ”miljömal”."),
        ("tema,nummer,tema", "Rad 1: kolumnen ”tema” finns två gånger"),
    ],
)
def test_a_wrong_header_is_an_error_on_row_1(programme, header, message):
    errors = import_programme(programme, upload(f"{header}\nKlimat,1,x\n")).errors
    assert str(errors[0]).startswith(message)
    assert not ProgrammeMeasure.objects.exists()


def test_xlsx_errors_use_the_row_numbers_excel_shows(programme):
    data = xlsx(
        [
            ["tema", "nummer"],
            ["Klimat", 1],
            [None, None],
            [None, None],
            ["Klimat", None],
        ]
    )
    errors = import_programme(programme, upload(data, "program.xlsx")).errors
    assert [str(error) for error in errors] == ["Rad 5: nummer saknas"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("program.pdf", b"%PDF-1.7 ...", "Filen måste vara en CSV- eller XLSX-fil"),
        ("program.xlsx", b"tema,nummer\nKlimat,1\n", "Filen kunde inte läsas som en Excel-fil"),
        ("program.csv", xlsx([["tema", "nummer"]]), "Filen är ingen CSV-fil utan ser ut att"),
        ("program.csv", "tema;nummer\nKlimat;1\n".encode("utf-16"), "Filen är ingen CSV-fil"),
        (
            "program.csv",
            "tema,nummer\nMiljö,1\n".encode("cp1252"),
            "Filen är inte sparad som UTF-8",
        ),
        ("program.csv", b"", "Filen är tom."),
        ("program.csv", b"tema,nummer\n", "Filen har inga åtgärder"),
    ],
)
def test_files_that_are_not_a_programme_are_rejected(programme, name, data, message):
    result = import_programme(programme, upload(data, name))
    assert len(result.errors) == 1
    assert str(result.errors[0]).startswith(message)
    assert not ProgrammeMeasure.objects.exists()


def test_a_file_over_the_size_limit_is_rejected_unread(programme):
    data = (HEADER + "\n").encode() + b"Klimat,1,x,,,\n" * (MAX_FILE_SIZE // 14 + 1)
    result = import_programme(programme, upload(data))
    assert str(result.errors[0]) == "Filen är för stor: den får vara högst 2 MB."


def test_the_template_imports_as_it_is(programme):
    result = import_programme(programme, upload(template_csv(), "importmall.csv"))
    assert result.ok, result.errors
    assert result.created == 3


# Through the page


def test_the_import_page_imports_and_says_how_many(coordinator_client, programme):
    url = reverse("pledges:programme_import", args=[programme.pk])

    response = coordinator_client.post(url, {"file": upload(VALID_CSV)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "pledges:programme_detail", args=[programme.pk]
    )
    assert "Filen är inläst: 3 åtgärder skapade, 0 uppdaterade, 0 oförändrade." in (
        response.content.decode()
    )
    assert ProgrammeMeasure.objects.count() == 3


def test_the_import_page_lists_every_error_next_to_the_field(coordinator_client, programme):
    url = reverse("pledges:programme_import", args=[programme.pk])
    text = f"{HEADER}\nKlimat,,,,,\nKlimat,2,,,18,\nKlimat,2,,,,\n"

    response = coordinator_client.post(url, {"file": upload(text)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Rad 2: nummer saknas",
        "Rad 3: okänt miljömål 18",
        "Rad 4: åtgärd 2 i temat ”Klimat” finns redan på rad 3",
    ]
    html = response.content.decode()
    assert "Ingenting har importerats: filen har 3 fel." in html
    assert 'id="error_3_id_file"' in html, "the errors belong to the upload field"
    assert not ProgrammeMeasure.objects.exists()


def test_the_import_page_rejects_another_kind_of_file(coordinator_client, programme):
    url = reverse("pledges:programme_import", args=[programme.pk])
    response = coordinator_client.post(url, {"file": upload(b"GIF89a", "bild.gif")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Filen måste vara en CSV- eller XLSX-fil (namnet ska sluta på .csv eller .xlsx)."
    ]


def test_the_template_downloads_as_csv_for_swedish_excel(coordinator_client):
    response = coordinator_client.get(reverse("pledges:programme_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufefftema;nummer;rubrik".encode())


def test_numbers_match_whatever_the_case(programme):
    import_programme(programme, upload(f"{HEADER}\nKlimat,3A,Solceller,,,\n"))
    text = f"{HEADER}\nKlimat,3a,Solceller på taken,,,\n"
    result = import_programme(programme, upload(text))
    assert result.ok and (result.created, result.updated) == (0, 1)
    assert measures(programme) == {("Klimat", "3A"): ("Solceller på taken", [], [])}
    # Twice in one file, in two cases, is the same measure twice.
    twice = import_programme(programme, upload(f"{HEADER}\nKlimat,7b,,,,\nKLIMAT,7B,,,,\n"))
    assert not twice.ok
    assert "finns redan på rad 2" in str(twice.errors[0])


def test_a_blank_cell_leaves_what_is_there(programme):
    import_programme(programme, upload(VALID_CSV))
    blanked = f"{HEADER}\nKlimat och energi,1,,,,\n"
    result = import_programme(programme, upload(blanked))
    assert result.ok and (result.updated, result.unchanged) == (0, 1)
    assert measures(programme) == EXPECTED
    measure = ProgrammeMeasure.objects.get(theme__name="Klimat och energi", number="1")
    assert measure.description == "Stöd till små företag."
