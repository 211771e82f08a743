"""The second factor's pages pass axe on a phone (390 px) and a desktop (1280 px): the
code page (with a wrong code, and while too many wrong codes make it wait), the
enrolment page (a coordinator's, required, and an editor's, with its error), the
recovery codes, the account page's section, the removal page, and the locked-out page
that the password's throttling shows."""

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pledges.demo import DEMO_PASSWORD, DEMO_USERS
from tests.helpers import app_code

from .a11y import assert_accessible
from .pages import log_in


def password_page(page, email, password=DEMO_PASSWORD):
    """The login form sent, nothing more: the page that answers is left as it is."""
    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def heading(page):
    return page.get_by_role("heading", level=1)


def test_the_second_factor_pages_are_accessible(demo_site, page):
    coordinator = DEMO_USERS["coordinator"].email
    kalmar = DEMO_USERS["coordinator_kalmar"].email
    editor = DEMO_USERS["editor"].email
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})

        # The code after the password, a wrong one, and the wait after too many.
        page.context.clear_cookies()
        TOTPDevice.objects.filter(user__email=coordinator).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )
        password_page(page, coordinator)
        expect(heading(page)).to_have_text("Tvåstegsverifiering")
        assert_accessible(page)
        page.get_by_label("Kod").fill("000000")
        page.get_by_role("button", name="Logga in").click()
        expect(page.locator("#id_code_error")).to_contain_text("Koden stämmer inte")
        assert_accessible(page)
        TOTPDevice.objects.filter(user__email=coordinator).update(
            throttling_failure_count=6, throttling_failure_timestamp=timezone.now()
        )
        page.get_by_label("Kod").fill("000000")
        page.get_by_role("button", name="Logga in").click()
        expect(page.locator("#id_code_error")).to_contain_text("För många felaktiga koder")
        assert_accessible(page)

        # A coordinator without one must enrol: the page explains why.
        page.context.clear_cookies()
        TOTPDevice.objects.filter(user__email=kalmar).delete()
        password_page(page, kalmar)
        expect(heading(page)).to_have_text("Lägg till tvåstegsverifiering")
        expect(page.get_by_role("img", name="QR-kod för autentiseringsappen")).to_be_visible()
        assert_accessible(page)

        # An editor adds one from the account page: error, recovery codes, removal.
        page.context.clear_cookies()
        TOTPDevice.objects.filter(user__email=editor).delete()
        log_in(page, editor)
        page.goto("/konto/losenord/")
        page.get_by_role("link", name="Lägg till tvåstegsverifiering").click()
        expect(page.locator("#secret")).to_be_visible()
        page.get_by_label("Kod").fill("000000")
        page.get_by_role("button", name="Aktivera tvåstegsverifiering").click()
        expect(page.locator("#id_code_error")).to_be_visible()
        assert_accessible(page)
        device = TOTPDevice.objects.get(user__email=editor)
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        page.get_by_label("Kod").fill(app_code(device))
        page.get_by_role("button", name="Aktivera tvåstegsverifiering").click()
        expect(heading(page)).to_have_text("Reservkoder")
        expect(page.locator(".recovery-codes li")).to_have_count(10)
        assert_accessible(page)
        page.goto("/konto/losenord/")
        expect(page.get_by_text("Du har 10 oanvända reservkoder")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name="Ta bort tvåstegsverifiering").click()
        page.get_by_label("Ditt lösenord eller en kod").fill("fel")
        page.get_by_role("button", name="Ta bort tvåstegsverifieringen").click()
        expect(page.locator("#id_secret_error")).to_be_visible()
        assert_accessible(page)

        # The password's own lock (django-axes), as the fifth wrong password shows it.
        page.context.clear_cookies()
        for _ in range(5):
            password_page(page, DEMO_USERS["editor_b"].email, "fel lösenord")
        expect(heading(page)).to_have_text("Kontot är tillfälligt låst")
        assert_accessible(page)
        from axes.models import AccessAttempt

        AccessAttempt.objects.all().delete()
