"""The public list searched and filtered passes axe on a phone and a desktop, in
Swedish and English, with its results and their highlighted words."""

import pytest

from .a11y import assert_accessible

SEARCH = "/lofte/?q=restv%C3%A4rme&county=kronobergs-lan&status=signed&kind=energy_office"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_searched_and_filtered_list_is_accessible(demo_site, page, lang):
    prefix = "/en" if lang == "en" else ""
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(prefix + SEARCH)
        assert response.status == 200
        assert page.locator(".pledge-row").count() >= 1, "the search finds the reference"
        assert page.locator(".search-highlight mark").count() >= 1
        assert_accessible(page, lang=lang)
