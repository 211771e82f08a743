"""The pledge editor in Chromium: keyboard only, and accessible with errors shown."""

import re

from playwright.sync_api import expect

from pledges.demo import DEMO_USERS
from pledges.models import Party, Pledge

from .a11y import assert_accessible
from .pages import draft_pledge, log_in_as, log_in_with_keyboard, tab_to


def test_coordinator_creates_a_pledge_with_two_measures_and_two_links_by_keyboard(demo_site, page):
    log_in_with_keyboard(page, DEMO_USERS["coordinator"].email)

    tab_to(page, page.get_by_role("link", name="Nytt löfte"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt löfte")

    tab_to(page, page.get_by_label("Aktör"))
    # A <select> takes typed letters: the first actor whose name starts so.
    page.keyboard.type("Skogsdala")
    tab_to(page, page.get_by_label("Till år"))
    page.keyboard.press("Control+A")
    page.keyboard.type("2029")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Skogsdala skola (fiktiv)")

    tab_to(page, page.get_by_role("link", name="Ny åtgärd med kopplingar och indikator"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny åtgärd")

    tab_to(page, page.get_by_label("Rubrik"))
    page.keyboard.type("Cykla till skolan")
    page.keyboard.press("Tab")
    page.keyboard.type("Vi bygger ett säkert cykelgarage och cyklar på friluftsdagarna.")
    tab_to(page, page.get_by_label("Åtgärd i åtgärdsprogrammet").first)
    page.keyboard.type("2, Klimat och energi")
    page.keyboard.press("Tab")  # the "Främst" checkbox of the same row
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Spara och lägg till en till"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny åtgärd")
    expect(page.get_by_role("status")).to_contain_text("Åtgärden är sparad")

    tab_to(page, page.get_by_label("Rubrik"))
    page.keyboard.type("Mindre matsvinn")
    page.keyboard.press("Tab")
    page.keyboard.type("Vi väger matsvinnet varje vecka och halverar det.")
    tab_to(page, page.get_by_label("Åtgärd i åtgärdsprogrammet").first)
    page.keyboard.type("12, Hållbar konsumtion")
    tab_to(page, page.get_by_role("button", name="Spara", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Skogsdala skola (fiktiv)")

    pledge = Pledge.objects.get(actor__name="Skogsdala skola (fiktiv)", start_year__gte=2026)
    measures = list(pledge.measures.filter(party=Party.ACTOR).order_by("order"))
    assert [m.heading for m in measures] == ["Cykla till skolan", "Mindre matsvinn"]
    assert [m.link_line() for m in measures] == [
        "Koppling till åtgärd 2 (främst), tema Klimat och energi",
        "Koppling till åtgärd 12, tema Hållbar konsumtion",
    ]
    assert pledge.end_year == 2029
    measures_section = page.locator("section[aria-labelledby=actor-measures]")
    expect(measures_section).to_contain_text("Koppling till åtgärd 2 (främst)")


def test_workspace_and_editor_pages_are_accessible(demo_site, page):
    log_in_as(page, "coordinator")
    assert_accessible(page)
    pledge = draft_pledge()
    for path in (
        f"/arbetsyta/lofte/{pledge.pk}/",
        f"/arbetsyta/lofte/{pledge.pk}/atgard/ny/?part=actor",
        f"/arbetsyta/lofte/{pledge.pk}/atgard/ny/?part=board",
        f"/arbetsyta/lofte/{pledge.pk}/undertecknare/",
        f"/arbetsyta/lofte/{pledge.pk}/historik/",
        f"/arbetsyta/lofte/{pledge.pk}/forhandsgranska/",
        "/arbetsyta/lofte/ny/",
    ):
        page.goto(path)
        assert_accessible(page)


def test_editor_forms_with_errors_shown_are_accessible(demo_site, page):
    log_in_as(page, "coordinator")
    pledge = draft_pledge()

    page.goto(f"/arbetsyta/lofte/{pledge.pk}/")
    page.get_by_label("Till år").fill("2001")
    page.locator(".pledge-form").get_by_role("button", name="Spara").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Slutåret kan inte vara före")
    assert_accessible(page)

    page.goto(f"/arbetsyta/lofte/{pledge.pk}/atgard/ny/?part=actor")
    page.get_by_label("Åtgärd i åtgärdsprogrammet").first.fill("999, Finns inte")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    expect(page.get_by_text("Ge åtgärden en rubrik.")).to_be_visible()
    expect(page.get_by_text(re.compile("Det finns ingen åtgärd"))).to_be_visible()
    assert_accessible(page)


def test_quick_add_puts_the_measure_in_place_and_keeps_typing_in_the_form(demo_site, page):
    log_in_as(page, "coordinator")
    pledge = draft_pledge()
    page.goto(f"/arbetsyta/lofte/{pledge.pk}/")
    # Typed in the pledge's own form, not saved yet.
    page.get_by_label("Aktörens presentation").fill("Osparad text om oss.")
    quick = page.locator(".quick-add")

    with page.expect_request(lambda r: r.method == "POST" and "snabb" in r.url) as posted:
        quick.get_by_label("Rubrik").fill("Solceller på taket")
        quick.get_by_label("Text").fill("Vi sätter solceller på lagerhallen.")
        quick.get_by_role("button", name="Lägg till åtgärd").click()
    # htmx sent it in the background and swapped the editor in place.
    assert posted.value.headers.get("hx-request") == "true"
    section = page.locator("section[aria-labelledby=actor-measures]")
    expect(section).to_contain_text("Solceller på taket")
    expect(page.get_by_role("status")).to_contain_text("Solceller på taket")
    expect(page.locator(".quick-add").get_by_label("Rubrik")).to_be_focused()
    assert pledge.measures.filter(heading="Solceller på taket").exists()
    # Only the measures were swapped: what was typed in the pledge form is still there,
    # and saving it is no conflict with the measure its own person just added.
    expect(page.get_by_label("Aktörens presentation")).to_have_value("Osparad text om oss.")
    page.locator(".pledge-form").get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("Löftet är sparat.")
    pledge.refresh_from_db()
    assert pledge.introduction == "Osparad text om oss."


def test_searching_the_programme_updates_the_results_in_place(demo_site, page):
    log_in_as(page, "coordinator")
    pledge = draft_pledge()
    page.goto(f"/arbetsyta/lofte/{pledge.pk}/atgard/ny/?part=actor")
    page.get_by_label("Rubrik").fill("Skrivet före sökningen")

    page.get_by_label("Sök på nummer, tema eller ord").fill("konsumtion")

    results = page.locator("#programme-search-results")
    expect(results).to_contain_text("12, Hållbar konsumtion")
    expect(results).not_to_contain_text("Klimat och energi")
    # htmx replaced the results only: what was typed in the form is still there.
    expect(page.get_by_label("Rubrik")).to_have_value("Skrivet före sökningen")
    assert_accessible(page)


TEXT_LABEL = re.compile(r"^Text")  # the measure's text, not its heading nor the search


def measure_form(page, pledge, measure):
    """Open the measure's form from the editor page, as its person would."""
    page.goto(f"/arbetsyta/lofte/{pledge.pk}/")
    page.get_by_role("link", name=f"Redigera {measure.heading}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Redigera åtgärd")


def save_measure(page):
    page.locator(".measure-form").get_by_role("button", name="Spara", exact=True).click()


def test_two_people_edit_different_measures_at_once_and_then_the_same_one(demo_site, browser, page):
    coordinator = page
    log_in_as(coordinator, "coordinator")
    editor = browser.new_context(base_url=demo_site.url).new_page()
    log_in_as(editor, "editor_b")
    pledge = draft_pledge()
    first, second = pledge.measures.filter(party=Party.ACTOR).order_by("order", "pk")[:2]

    # Each opens a different measure of the same draft, types, and saves.
    measure_form(coordinator, pledge, first)
    measure_form(editor, pledge, second)
    coordinator.get_by_label("Rubrik").fill("Samordnarens rubrik")
    editor.get_by_role("textbox", name=TEXT_LABEL).fill("Redaktörens text om matsvinnet.")
    save_measure(coordinator)
    save_measure(editor)

    for person in (coordinator, editor):
        expect(person.get_by_role("status")).to_contain_text("Åtgärden är sparad")
        expect(person.get_by_role("heading", level=1)).to_contain_text("Sjöbyns Bygg AB")
        expect(person.get_by_text("Någon annan har sparat")).to_have_count(0)
    assert pledge.measures.get(pk=first.pk).heading == "Samordnarens rubrik"
    assert pledge.measures.get(pk=second.pk).text == "Redaktörens text om matsvinnet."

    # Then both open the first measure; the editor saves first.
    measure_form(coordinator, pledge, pledge.measures.get(pk=first.pk))
    measure_form(editor, pledge, pledge.measures.get(pk=first.pk))
    editor.get_by_label("Rubrik").fill("Redaktörens rubrik")
    save_measure(editor)
    expect(editor.get_by_role("status")).to_contain_text("Åtgärden är sparad")
    coordinator.get_by_role("textbox", name=TEXT_LABEL).fill("Samordnarens nya text.")
    save_measure(coordinator)

    # The coordinator is told, sees the editor's version, and keeps what they typed.
    expect(coordinator.locator("#form-errors")).to_contain_text(
        "Någon annan har sparat löftet medan du redigerade."
    )
    theirs = coordinator.get_by_role("alert").filter(has_text="Så här står det nu sparat")
    expect(theirs).to_contain_text("Redaktörens rubrik")
    expect(coordinator.get_by_role("textbox", name=TEXT_LABEL)).to_have_value(
        "Samordnarens nya text."
    )
    assert_accessible(coordinator)
    assert pledge.measures.get(pk=first.pk).heading == "Redaktörens rubrik"

    # With the keyboard: take the editor's heading, and save again.
    tab_to(coordinator, coordinator.get_by_label("Rubrik"))
    coordinator.keyboard.press("Control+A")
    coordinator.keyboard.type("Redaktörens rubrik")
    tab_to(coordinator, coordinator.get_by_role("button", name="Spara", exact=True))
    coordinator.keyboard.press("Enter")
    expect(coordinator.get_by_role("status")).to_contain_text("Åtgärden är sparad")
    saved = pledge.measures.get(pk=first.pk)
    assert (saved.heading, saved.text) == ("Redaktörens rubrik", "Samordnarens nya text.")


def test_a_quick_add_after_someone_else_saved_the_text_is_no_conflict(demo_site, browser, page):
    editor = page
    log_in_as(editor, "editor_b")
    coordinator = browser.new_context(base_url=demo_site.url).new_page()
    log_in_as(coordinator, "coordinator")
    pledge = draft_pledge()
    editor.goto(f"/arbetsyta/lofte/{pledge.pk}/")

    coordinator.goto(f"/arbetsyta/lofte/{pledge.pk}/")
    coordinator.get_by_label("Aktörens presentation").fill("Samordnarens presentation.")
    coordinator.locator(".pledge-form").get_by_role("button", name="Spara").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Löftet är sparat.")

    quick = editor.locator(".quick-add")
    quick.get_by_label("Rubrik").fill("Laddstolpar")
    quick.get_by_label("Text").fill("Vi sätter upp laddstolpar vid kontoret.")
    quick.get_by_role("button", name="Lägg till åtgärd").click()

    expect(editor.get_by_role("status")).to_contain_text("Åtgärden ”Laddstolpar” är tillagd.")
    expect(editor.locator("section[aria-labelledby=actor-measures]")).to_contain_text("Laddstolpar")
    expect(editor.get_by_text("Någon annan har sparat")).to_have_count(0)
    assert pledge.measures.filter(heading="Laddstolpar").exists()

    # The pledge form on the editor's page was not swapped: its text meets the
    # coordinator's, which that page never showed.
    editor.get_by_label("Aktörens presentation").fill("Redaktörens presentation.")
    editor.locator(".pledge-form").get_by_role("button", name="Spara").click()
    theirs = editor.get_by_role("alert").filter(has_text="Så här står det nu sparat")
    expect(theirs).to_contain_text("Samordnarens presentation.")
    expect(editor.get_by_label("Aktörens presentation")).to_have_value("Redaktörens presentation.")
    assert_accessible(editor)
