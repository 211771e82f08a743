"""The yearly report's button and the page that waits for the report: one click from
the dashboard, and the page passes axe on a phone and a desktop, in Swedish and
English, while it asks again by itself (htmx) and keeps the CSP."""

import pytest

from pledges.demo import DEMO_USERS

from .a11y import assert_accessible
from .pages import log_in
from .test_dashboard_accessibility import CSP_LISTENER


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_one_click_leads_to_the_report_page_which_is_accessible(demo_site, page, lang):
    prefix = "/en" if lang == "en" else ""
    page.add_init_script(CSP_LISTENER)
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    log_in(page, DEMO_USERS["coordinator"].email)
    page.goto(prefix + "/oversikt/kronobergs-lan/?typ=company")
    button = "Årsrapport som PDF" if lang == "sv" else "Yearly report as PDF"
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**/arsrapport/?*typ=company*")
    # No worker in this test: the report is on its way, and the page says so.
    waiting = "skapas i bakgrunden" if lang == "sv" else "being prepared"
    assert waiting in page.get_by_role("status").inner_text()
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, lang=lang)
    # The page has asked again at least once, by itself, and still waits.
    with page.expect_response(lambda r: "/arsrapport/" in r.url, timeout=8000):
        pass
    assert waiting in page.get_by_role("status").inner_text()
    assert page.evaluate("window.cspViolations") == []
    assert console_errors == []
