"""The API's documentation page passes axe on a phone and a desktop, in Swedish and in
English, and loads without a CSP violation or a console error."""

import os

import pytest

from .a11y import assert_accessible


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_api_docs_page_is_accessible(demo_site, page, lang):
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.set_extra_http_headers({"Accept-Language": lang})
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto("/api/")
        assert response.status == 200
        assert_accessible(page, lang=lang)
        assert page.evaluate("window.cspViolations") == []
        if shots := os.environ.get("SCREENSHOTS"):
            page.screenshot(path=f"{shots}/api-{lang}-{width}.png", full_page=True)
    assert errors == []
