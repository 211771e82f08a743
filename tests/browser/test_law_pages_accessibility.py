"""The accessibility statement, its thank-you page and the privacy page pass axe at a
phone's width and a desktop's, in Swedish and English; so does the statement's form
showing its errors."""

import pytest

from .a11y import assert_accessible

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

PAGES = [
    pytest.param("/tillganglighet/", "sv", id="accessibility"),
    pytest.param("/tillganglighet/tack/", "sv", id="accessibility-thanks"),
    pytest.param("/personuppgifter/", "sv", id="privacy"),
    pytest.param("/en/tillganglighet/", "en", id="accessibility-en"),
    pytest.param("/en/tillganglighet/tack/", "en", id="accessibility-thanks-en"),
    pytest.param("/en/personuppgifter/", "en", id="privacy-en"),
]


@pytest.mark.parametrize(("path", "lang"), PAGES)
def test_law_page_is_accessible_on_a_phone_and_a_desktop(demo_site, page, path, lang):
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        response = page.goto(path)
        assert response.status == 200
        assert_accessible(page, lang=lang)


def test_problem_report_form_with_errors_is_accessible(demo_site, page):
    page.goto("/tillganglighet/")
    page.get_by_label("Din e-postadress (frivilligt)").fill("inte en adress")
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback").count() >= 2
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert_accessible(page)


def test_problem_report_is_sent_and_thanked_for(demo_site, page):
    page.goto("/lan/kronobergs-lan/")
    page.get_by_role("link", name="Tillgänglighet").click()
    page.wait_for_load_state()
    page.get_by_label("Vad fungerar inte?").fill("Diagrammet går inte att läsa.")
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Tack för din synpunkt"
