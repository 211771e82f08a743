"""Every public page passes WCAG 2.1 AA as far as axe-core can tell, in both languages;
every signed-in page does too, on a phone (390 px wide) as on a desktop."""

import datetime
import re

import pytest
from django.urls import reverse

from pledges.demo import REFERENCE_SLUG

from .a11y import assert_accessible
from .pages import log_in

PUBLIC_PAGES = [
    pytest.param("/", "sv", id="home"),
    pytest.param("/lofte/", "sv", id="pledge-list"),
    pytest.param("/lofte/?q=energi", "sv", id="pledge-list-filtered"),
    pytest.param(f"/lofte/{REFERENCE_SLUG}/", "sv", id="reference-pledge"),
    pytest.param("/aktorer/energikontor-sydost/", "sv", id="actor"),
    pytest.param("/lan/kronobergs-lan/", "sv", id="county"),
    pytest.param("/konto/logga-in/", "sv", id="login"),
    pytest.param("/lofte/finns-inte/", "sv", id="not-found"),
    pytest.param("/verifiera/", "sv", id="verify-entry"),
    pytest.param("/verifiera/?code=finns+inte", "sv", id="verify-entry-unknown-code"),
    pytest.param("/en/", "en", id="home-en"),
    pytest.param(f"/en/lofte/{REFERENCE_SLUG}/", "en", id="reference-pledge-en"),
    pytest.param("/en/verifiera/", "en", id="verify-entry-en"),
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
    from pledges.links import signing_token
    from pledges.models import Pledge, Signatory, SignedVersion

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
    from pledges.demo import DEMO_USERS
    from pledges.models import Pledge
    from tests.files import pdf_bytes

    settings.MEDIA_ROOT = tmp_path
    scan = tmp_path / "sida.pdf"
    scan.write_bytes(pdf_bytes())
    waiting = Pledge.objects.get(status=Pledge.Status.APPROVED)
    board = waiting.signatories.get(party="board")

    def log_in_anew(key):
        page.context.clear_cookies()
        log_in(page, DEMO_USERS[key].email)

    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        log_in_anew("coordinator")
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

        log_in_anew("governor")
        assert_accessible(page)
        page.get_by_role("link", name=str(waiting)).click()
        assert page.get_by_role("button", name="Jag undertecknar").is_visible()
        assert_accessible(page)


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_a_pledge_with_its_signed_pdf_is_accessible_on_a_phone_and_a_desktop(
    demo_site, page, settings, tmp_path
):
    """The demo's PDFs wait for the worker here; this one is rendered, so the page links it."""
    from pledges.models import SignedVersion

    settings.MEDIA_ROOT = tmp_path
    from pledges.tasks import render_signed_pdf

    version = SignedVersion.objects.get(pledge__slug=REFERENCE_SLUG)
    render_signed_pdf.call(version_id=version.pk)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(f"/lofte/{REFERENCE_SLUG}/")
        link = page.get_by_role("link", name=re.compile(r"^Det undertecknade löftet \(PDF, "))
        assert link.is_visible()
        assert_accessible(page)
    page.goto("/verifiera/")
    page.get_by_label("Verifieringskod").fill(version.code.lower())
    page.get_by_role("button", name="Visa löftet").click()
    page.wait_for_url(f"**/verifiera/{version.code}/")
    assert_accessible(page)


def signed_in_pages() -> list[tuple[str, str]]:
    """Every page behind the login, as (demo user, path), from the demo's data; each
    user's pages together, so that the browser signs in once per user."""
    from followup.models import Report, Round
    from pledges.models import Party, Pledge, Programme

    draft = Pledge.objects.get(slug="sjobyns-bygg-ab-fiktiv-2027")
    approved = Pledge.objects.get(status=Pledge.Status.APPROVED, county__code="07")
    in_review = Pledge.objects.get(slug="skogsdala-skola-fiktiv-2025")
    measure = draft.measures.filter(party=Party.ACTOR).first()
    programme = Programme.objects.filter(county__code="07").first()
    theme = programme.themes.first()
    opened = Round.objects.filter(county__code="07", opened_at__isnull=False).order_by("-due")[0]
    not_opened = Round.objects.get(county__code="07", opened_at__isnull=True)
    returned = Report.objects.get(
        pledge__slug="sjobyns-bygg-ab-fiktiv-2024", status="changes_requested"
    )
    accepted = Report.objects.filter(pledge__slug=REFERENCE_SLUG, status="accepted").first()
    return [
        *[
            ("coordinator", path)
            for path in [
                reverse("workspace"),
                reverse("pledges:create"),
                reverse("pledges:edit", args=[draft.pk]),
                reverse("pledges:measure_create", args=[draft.pk]) + "?part=actor",
                reverse("pledges:measure_create", args=[draft.pk]) + "?part=board",
                reverse("pledges:measure_edit", args=[draft.pk, measure.pk]),
                reverse("pledges:signatories", args=[draft.pk]),
                reverse("pledges:history", args=[draft.pk]),
                reverse("pledges:preview", args=[draft.pk]),
                reverse("pledges:edit", args=[in_review.pk]),
                reverse("pledges:edit", args=[approved.pk]),
                reverse("pledges:wet_ink", args=[approved.pk, approved.signatories.first().pk]),
                reverse("pledges:edit", args=[Pledge.objects.get(slug=REFERENCE_SLUG).pk]),
                reverse("actors:manage_list"),
                reverse("actors:create"),
                reverse("actors:edit", args=["energikontor-sydost"]),
                reverse("actors:invite", args=["energikontor-sydost"]),
                reverse("actors:lockouts"),
                reverse("pledges:programme_list"),
                reverse("pledges:programme_create"),
                reverse("pledges:programme_detail", args=[programme.pk]),
                reverse("pledges:programme_edit", args=[programme.pk]),
                reverse("pledges:programme_import", args=[programme.pk]),
                reverse("pledges:theme_create", args=[programme.pk]),
                reverse("pledges:theme_edit", args=[theme.pk]),
                reverse("pledges:programme_measure_create", args=[programme.pk]),
                reverse("pledges:programme_measure_edit", args=[theme.measures.first().pk]),
                reverse("followup:round_list"),
                reverse("followup:round_create"),
                reverse("followup:round_detail", args=[opened.pk]),
                reverse("followup:round_detail", args=[not_opened.pk]),
                reverse("followup:round_edit", args=[not_opened.pk]),
                reverse("followup:report_review", args=[returned.pk]),
                reverse("followup:report_review", args=[accepted.pk]),
                reverse("password_change"),
            ]
        ],
        ("editor_b", reverse("workspace")),
        ("editor_b", reverse("pledges:edit", args=[draft.pk])),
        ("editor_b", reverse("followup:report_list")),
        ("editor_b", reverse("followup:report_edit", args=[returned.pk])),
        ("editor", reverse("followup:report_list")),
        ("editor", reverse("followup:report_edit", args=[accepted.pk])),
        # Across counties: the lists have a column more.
        ("admin", reverse("workspace")),
        ("admin", reverse("actors:manage_list")),
        ("admin", reverse("followup:round_list")),
    ]


@pytest.fixture
def signed_in_site(demo_site):
    """The demo, with what it has none of: a round not opened yet and a locked account."""
    from axes.models import AccessAttempt

    from actors.models import County, User
    from followup.models import Round
    from pledges.demo import DEMO_USERS

    Round.objects.create(
        county=County.objects.get(code="07"),
        kind=Round.Kind.ANNUAL,
        title="Årlig uppföljning 2027",
        opens=datetime.date(2027, 11, 1),
        due=datetime.date(2027, 12, 15),
        created_by=User.objects.get(email=DEMO_USERS["coordinator"].email),
    )
    AccessAttempt.objects.create(
        username=DEMO_USERS["editor_b"].email,
        ip_address="10.0.0.1",
        user_agent="Firefox",
        get_data="",
        post_data="",
        http_accept="text/html",
        path_info="/konto/logga-in/",
        failures_since_start=5,
    )
    return demo_site


def session_cookie(key: str, live_server) -> dict:
    """A signed-in session for a demo user, as the browser's cookie: signing in through
    the form for each of them would only test the login page again."""
    from django.conf import settings
    from django.test import Client

    from actors.models import User
    from pledges.demo import DEMO_USERS

    client = Client()
    client.force_login(User.objects.get(email=DEMO_USERS[key].email))
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-390", "desktop-1280"])
def test_every_signed_in_page_is_accessible(signed_in_site, page, viewport):
    """One browser page for the whole list; every problem of every page is reported."""
    page.set_viewport_size(viewport)
    problems, signed_in_as = [], None
    for who, path in signed_in_pages():
        if who != signed_in_as:
            page.context.clear_cookies()
            page.context.add_cookies([session_cookie(who, signed_in_site)])
            signed_in_as = who
        response = page.goto(path)
        if response.status != 200:
            problems.append(f"{who} {path}: HTTP {response.status}")
            continue
        try:
            assert_accessible(page)
        except AssertionError as failure:
            problems.append(f"{who} {path}:\n{failure}")
    assert not problems, f"{len(problems)} pages at {viewport['width']} px:\n\n" + "\n\n".join(
        problems
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_county_page_with_its_summary_is_accessible_on_a_phone_and_a_desktop(demo_site, page, lang):
    """The county's public summary (figures, chart, tables) passes axe at both widths,
    and its chart breaks no rule of the CSP."""
    page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    prefix = "/en" if lang == "en" else ""
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(prefix + "/lan/kronobergs-lan/")
        assert response.status == 200
        summary = page.locator("#summary-heading")
        assert summary.is_visible()
        assert page.locator(".county-summary .chart svg").count() == 1, "the summary's chart"
        assert page.locator(".county-summary table").count() >= 2, "its tables"
        assert_accessible(page, lang=lang)
        assert page.evaluate("window.cspViolations") == []
