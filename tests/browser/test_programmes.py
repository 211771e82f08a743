"""The action programme pages pass axe, the import page with its errors shown too."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.factories import PASSWORD

from .a11y import assert_accessible
from .pages import log_in_to_workspace


@pytest.fixture
def programme_site(transactional_db, live_server):
    """A coordinator of Kronoberg and a small programme, committed for the live server.

    `transactional_db` empties every table after each test, the reference data
    included, so the counties and objectives are put back first.
    """
    from actors.models import County
    from actors.reference import load_counties
    from pledges.models import EnvironmentalObjective, GlobalGoal
    from pledges.reference import load_objectives_and_goals

    load_counties(County)
    load_objectives_and_goals(EnvironmentalObjective, GlobalGoal)
    kronoberg = factories.county("07")
    coordinator = factories.with_authenticator_app(
        factories.CountyRoleFactory(county=kronoberg).user
    )
    programme = factories.ProgrammeFactory(county=kronoberg, name="Kronobergs åtgärdsprogram")
    for order, name in enumerate(["Klimat och energi", "Giftfri miljö"], start=1):
        theme = factories.ThemeFactory(programme=programme, name=name, order=order)
        for number in ("1", "2"):
            measure = factories.ProgrammeMeasureFactory(
                theme=theme, number=number, title=f"Åtgärd {number} om {name.lower()}"
            )
            measure.objectives.set(EnvironmentalObjective.objects.filter(number__in=[1, 4]))
            measure.global_goals.set(GlobalGoal.objects.filter(number__in=[7, 13]))
    return {"user": coordinator, "programme": programme}


def test_programme_detail_is_accessible(programme_site, page):
    log_in_to_workspace(page, programme_site["user"].email, PASSWORD)
    page.goto(f"/arbetsyta/program/{programme_site['programme'].pk}/")

    expect(page.get_by_role("heading", level=2, name="Klimat och energi")).to_be_visible()
    assert_accessible(page)


def test_import_page_with_errors_is_accessible(programme_site, page, tmp_path):
    bad = tmp_path / "program.csv"
    bad.write_text(
        "tema;nummer;rubrik;beskrivning;miljömål;globala mål\n"
        "Klimat och energi;;Utan nummer;;1;\n"
        "Klimat och energi;3;;;18;\n"
        "Klimat och energi;3;;;;\n",
        encoding="utf-8",
    )
    log_in_to_workspace(page, programme_site["user"].email, PASSWORD)
    page.goto(f"/arbetsyta/program/{programme_site['programme'].pk}/importera/")

    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(bad)
    page.get_by_role("button", name="Importera").click()

    expect(page.get_by_role("alert")).to_contain_text("filen har 3 fel")
    errors = page.locator(".invalid-feedback")
    expect(errors).to_contain_text("Rad 2: nummer saknas")
    expect(errors).to_contain_text("Rad 3: okänt miljömål 18")
    expect(errors).to_contain_text(
        "Rad 4: åtgärd 3 i temat ”Klimat och energi” finns redan på rad 3"
    )
    assert_accessible(page)
