"""The open-data page and its field dictionary pass axe on a phone and a desktop, in
Swedish and English, break no rule of the CSP, and are no wider than the screen."""

import pytest

from .a11y import assert_accessible

CSP_LISTENER = (
    "window.cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', e =>"
    " window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_open_data_pages_are_accessible(demo_site, page, lang):
    prefix = "/en" if lang == "en" else ""
    page.add_init_script(CSP_LISTENER)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/oppna-data/", "/oppna-data/falt/"):
            response = page.goto(prefix + path)
            assert response.status == 200
            assert_accessible(page, lang=lang)
            # The tables scroll in their region; the page itself never sideways.
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            assert page.evaluate("window.cspViolations") == [], path
