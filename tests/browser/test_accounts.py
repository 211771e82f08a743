"""The account and register pages pass axe, with their errors shown, and work without JavaScript."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect
from sesame.utils import get_query_string

from actors.models import Actor, Membership, User
from pledges.demo import DEMO_PASSWORD, DEMO_USERS

from .a11y import assert_accessible
from .pages import log_in


def test_the_locked_out_page_is_accessible(demo_site, page):
    email = DEMO_USERS["editor"].email
    for _ in range(4):
        log_in(page, email, "fel lösenord")
    expect(page.locator(".alert-danger")).to_be_visible()
    log_in(page, email, "fel lösenord")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontot är tillfälligt låst")
    assert_accessible(page)


def test_the_password_reset_page_is_accessible(demo_site, page):
    page.goto("/konto/logga-in/")
    page.get_by_role("link", name="Glömt lösenordet?").click()
    page.get_by_role("button", name="Skicka länken").click()  # empty: an error
    expect(page.locator(".invalid-feedback")).to_be_visible()
    assert_accessible(page)


def test_an_invitation_link_asks_then_signs_in(demo_site, page, browser):
    person = User.objects.create_user("ny.person@example.org", full_name="Ny Person")
    actor = Actor.objects.get(slug="energikontor-sydost")
    Membership.objects.create(user=person, actor=actor, role=Membership.Role.EDITOR)

    # Without JavaScript (DESIGN.md). axe needs scripts, so it runs below, with them.
    context = browser.new_context(java_script_enabled=False, base_url=demo_site.url)
    no_scripts = context.new_page()
    no_scripts.goto("/konto/lank/" + get_query_string(person))
    no_scripts.get_by_role("button", name="Logga in").click()
    expect(no_scripts.get_by_role("heading", level=1)).to_have_text("Mitt konto")
    context.close()

    # The first link is used up; a new one, as the next e-mail would bring.
    person.refresh_from_db()
    page.goto("/konto/lank/" + get_query_string(person))
    expect(page.get_by_text("Ny Person")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt konto")
    expect(page.get_by_role("heading", name="Välj ett lösenord")).to_be_visible()
    assert_accessible(page)


def test_the_actor_register_is_accessible(demo_site, page):
    log_in(page, DEMO_USERS["coordinator"].email, DEMO_PASSWORD)
    page.goto("/arbetsyta/aktorer/")
    expect(page.get_by_role("link", name="Energikontor Sydost")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ny aktör").click()
    page.get_by_label("Namn").fill("Testbolaget AB")
    page.get_by_label("Typ av aktör").select_option(label="Företag")
    page.get_by_label("Organisationsnummer").fill("556036-0794")
    page.get_by_role("button", name="Lägg till aktören").click()
    expect(page.locator("#id_organisation_number")).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_text("kontrollsiffran är fel")).to_be_visible()
    assert_accessible(page)

    page.goto("/arbetsyta/lasta-konton/")
    assert_accessible(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_inviting_an_existing_account_and_answering_are_accessible(demo_site, page, browser, width):
    from actors.links import invitation_url
    from actors.models import Invitation

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, DEMO_USERS["coordinator"].email, DEMO_PASSWORD)
    page.goto("/arbetsyta/aktorer/energikontor-sydost/bjud-in/")
    page.get_by_label("Namn").fill("Kalle Kalmar")
    page.get_by_label("E-postadress").fill(DEMO_USERS["coordinator_kalmar"].email)
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.locator("#id_email")).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_text("kan inte företräda aktörer").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Namn").fill("Sara Sjöby")
    page.get_by_label("E-postadress").fill(DEMO_USERS["editor_b"].email)
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.get_by_text("har redan ett konto i portalen")).to_be_visible()
    expect(page.get_by_role("cell", name="Väntar på svar")).to_be_visible()
    assert_accessible(page)

    # The owner, signed in, on Mitt konto.
    owner = browser.new_context(base_url=demo_site.url, viewport={"width": width, "height": 900})
    mine = owner.new_page()
    log_in(mine, DEMO_USERS["editor_b"].email, DEMO_PASSWORD)
    mine.goto("/konto/losenord/")
    expect(mine.get_by_role("heading", name="Inbjudningar som väntar på ditt svar")).to_be_visible()
    assert_accessible(mine)

    # The e-mailed link, opened by someone not signed in.
    invitation = Invitation.objects.get()
    path = invitation_url(invitation).removeprefix(settings.SITE_URL.rstrip("/"))
    stranger = browser.new_context(base_url=demo_site.url, viewport={"width": width, "height": 900})
    link_page = stranger.new_page()
    link_page.goto(path)
    expect(link_page.get_by_role("button", name="Tacka ja")).to_be_visible()
    assert_accessible(link_page)

    mine.get_by_role("button", name="Tacka ja").click()
    expect(mine.get_by_text("Du är nu redaktör för Energikontor Sydost")).to_be_visible()
    assert_accessible(mine)

    link_page.reload()
    expect(link_page.get_by_role("button", name="Tacka ja")).to_have_count(0)
    assert_accessible(link_page)
    link_page.goto("/konto/inbjudan/?token=felaktig")
    expect(link_page.get_by_role("heading", level=1)).to_have_text("Länken fungerar inte")
    assert_accessible(link_page)
    owner.close()
    stranger.close()
