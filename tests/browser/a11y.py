"""What every page of the portal must pass: axe-core's WCAG 2.1 A and AA rules, a
language on <html>, and one h1. Later pages call `assert_accessible(page)` too."""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}

_axe = Axe()


def assert_accessible(page, *, lang="sv"):
    """Check the page as it is now (after whatever the test clicked or typed)."""
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1, "a page has exactly one h1"
    # axe is injected with page.evaluate, which Chromium runs through the
    # DevTools protocol: the page's CSP (no inline scripts) does not apply to it.
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
