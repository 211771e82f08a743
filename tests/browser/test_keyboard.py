"""The public pages work with the keyboard alone."""

from playwright.sync_api import expect

# More Tab presses than the header and the search form take: enough to reach
# the first result, few enough to notice a page that traps or buries it.
MAX_TABS = 15


def test_first_tab_focuses_the_skip_link_and_enter_moves_to_the_content(demo_site, page):
    page.goto("/")

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("Hoppa till innehållet")
    expect(skip_link).to_be_visible()

    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{demo_site.url}/#main")
    expect(page.locator("main#main")).to_be_focused()


def test_tab_reaches_the_first_pledge_and_enter_opens_it(demo_site, page):
    page.goto("/lofte/")
    first_pledge = page.locator(".pledge-list a").first
    actor_name = first_pledge.inner_text()
    href = first_pledge.get_attribute("href")

    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if first_pledge.evaluate("link => link === document.activeElement"):
            break
    expect(first_pledge).to_be_focused()

    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{demo_site.url}{href}")
    expect(page.get_by_role("heading", level=1)).to_have_text(actor_name)
