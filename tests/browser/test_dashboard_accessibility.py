"""The county dashboard and the national view pass axe on a phone and a desktop, in
Swedish and English, and their charts break no rule of the CSP."""

import pytest

from pledges.demo import DEMO_USERS

from .a11y import assert_accessible
from .pages import log_in

CSP_LISTENER = (
    "window.cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', e =>"
    " window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_dashboards_are_accessible_and_keep_the_csp(demo_site, page, lang):
    prefix = "/en" if lang == "en" else ""
    page.add_init_script(CSP_LISTENER)
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    log_in(page, DEMO_USERS["coordinator"].email)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/oversikt/kronobergs-lan/", "/oversikt/"):
            response = page.goto(prefix + path)
            assert response.status == 200
            assert page.locator(".chart svg").count() >= 1, "the page shows its charts"
            assert_accessible(page, lang=lang)
            assert page.evaluate("window.cspViolations") == [], path
    assert console_errors == []
