"""Every public page passes WCAG 2.1 AA as far as axe-core can tell, in both languages."""

import pytest

from pledges.demo import REFERENCE_SLUG

from .a11y import assert_accessible

PUBLIC_PAGES = [
    pytest.param("/", "sv", id="home"),
    pytest.param("/lofte/", "sv", id="pledge-list"),
    pytest.param("/lofte/?q=energi", "sv", id="pledge-list-filtered"),
    pytest.param(f"/lofte/{REFERENCE_SLUG}/", "sv", id="reference-pledge"),
    pytest.param("/aktorer/energikontor-sydost/", "sv", id="actor"),
    pytest.param("/lan/kronobergs-lan/", "sv", id="county"),
    pytest.param("/konto/logga-in/", "sv", id="login"),
    pytest.param("/lofte/finns-inte/", "sv", id="not-found"),
    pytest.param("/en/", "en", id="home-en"),
    pytest.param(f"/en/lofte/{REFERENCE_SLUG}/", "en", id="reference-pledge-en"),
]


@pytest.mark.parametrize(("path", "lang"), PUBLIC_PAGES)
def test_public_page_is_accessible(demo_site, page, path, lang):
    response = page.goto(path)
    assert response.status == (404 if path == "/lofte/finns-inte/" else 200)
    assert_accessible(page, lang=lang)


def test_login_form_with_errors_is_accessible(demo_site, page):
    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill("nobody@example.org")
    page.get_by_label("Lösenord").fill("wrong password")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    assert page.locator(".alert-danger, .invalid-feedback").count() > 0, "the error is shown"
    assert_accessible(page)


def test_reference_pledge_loads_without_csp_violations_or_console_errors(demo_site, page):
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))
    # Scripts added this way come in through the DevTools protocol, not the page,
    # so the CSP lets this listener in while it still judges everything else.
    page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )

    response = page.goto(f"/lofte/{REFERENCE_SLUG}/")

    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert page.evaluate("window.cspViolations") == []
    assert console_errors == []


def test_verification_and_signing_pages_are_accessible(demo_site, page):
    from pledges.models import Pledge, Signatory, SignedVersion
    from pledges.signing import signing_token

    version = SignedVersion.objects.get(pledge__slug=REFERENCE_SLUG)
    page.goto(f"/verifiera/{version.code}/")
    assert_accessible(page)

    approved = Pledge.objects.filter(status=Pledge.Status.APPROVED).first()
    waiting = approved.signatories.filter(signed_at__isnull=True).first()
    assert isinstance(waiting, Signatory)
    page.goto(f"/signera/{signing_token(waiting)}/")
    assert page.get_by_role("button", name="Jag undertecknar").is_visible()
    assert_accessible(page)


def test_signing_pages_behind_the_login_are_accessible(demo_site, page, tmp_path, settings):
    """The governor page (with its errors), the signatories of a pledge waiting for a
    signature, the paper signature form with a date to correct, and the governor's
    own signing page, at a phone's width and a desktop's."""
    from pledges.demo import DEMO_PASSWORD, DEMO_USERS
    from pledges.models import Pledge
    from tests.files import pdf_bytes

    settings.MEDIA_ROOT = tmp_path
    scan = tmp_path / "sida.pdf"
    scan.write_bytes(pdf_bytes())
    waiting = Pledge.objects.get(status=Pledge.Status.APPROVED)
    board = waiting.signatories.get(party="board")

    def log_in(key):
        page.context.clear_cookies()
        page.goto("/konto/logga-in/")
        page.get_by_label("E-postadress").fill(DEMO_USERS[key].email)
        page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state()

    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        log_in("coordinator")
        page.goto("/arbetsyta/landshovding/")
        assert_accessible(page)
        page.get_by_role("link", name="Ändra landshövding i Kronobergs län").click()
        page.get_by_label("E-postadress").fill("inte en adress")
        page.get_by_role("button", name="Spara").click()
        page.wait_for_load_state()
        assert page.locator(".invalid-feedback").count() == 1
        assert_accessible(page)

        page.goto(f"/arbetsyta/lofte/{waiting.pk}/")
        assert page.get_by_text("Undertecknat på papper").is_visible()
        assert_accessible(page)
        page.goto(f"/arbetsyta/lofte/{waiting.pk}/undertecknare/{board.pk}/papper/")
        page.get_by_label("Undertecknat den").fill("2001-01-01")
        page.get_by_label("Inskannad sida med underskriften").set_input_files(str(scan))
        page.get_by_role("button", name="Registrera underskriften").click()
        page.wait_for_load_state()
        assert page.get_by_text("Datumet kan inte vara före").is_visible()
        assert page.get_by_text("är sparad och följer med").is_visible()
        assert_accessible(page)

        log_in("governor")
        assert_accessible(page)
        page.get_by_role("link", name=str(waiting)).click()
        assert page.get_by_role("button", name="Jag undertecknar").is_visible()
        assert_accessible(page)
