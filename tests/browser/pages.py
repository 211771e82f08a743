"""What the browser tests share: logging in and moving about as a user does."""

from urllib.parse import urlparse

from django.urls import reverse
from playwright.sync_api import expect

from pledges.demo import DEMO_PASSWORD, DEMO_USERS
from pledges.models import Pledge
from tests.helpers import app_code

MAX_TABS = 60


def tab_to(page, target):
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{target} never got the focus with Tab")


def log_in(page, email, password=DEMO_PASSWORD):
    """Send the login form as a user does; returns once the page that answers is loaded."""
    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    if urlparse(page.url).path == reverse("second_factor"):
        give_second_factor(page, email)


def fresh_code(email) -> str:
    """The code the user's authenticator app shows now."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    # An app's code is taken once (the device keeps the last step used), and a person
    # signs in at most once in a 30-second step: a test that signs in again within one
    # starts from a device that has taken none yet.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    return app_code(device)


def give_second_factor(page, email):
    """Type the code the user's authenticator app shows, as its owner does."""
    page.get_by_label("Kod").fill(fresh_code(email))
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def log_in_to_workspace(page, email, password=DEMO_PASSWORD):
    """Log in, and land in the workspace as every user of the portal does."""
    log_in(page, email, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbetsyta")


def log_in_as(page, key):
    """The demo's user `key` (pledges.demo.DEMO_USERS), into the workspace."""
    log_in_to_workspace(page, DEMO_USERS[key].email)


def log_in_with_keyboard(page, email):
    page.goto("/konto/logga-in/")
    expect(page.get_by_label("E-postadress")).to_be_focused()  # autofocus
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    # The workspace, or first the code page for staff.
    landings = (reverse("workspace"), reverse("second_factor"))
    page.wait_for_url(lambda url: urlparse(url).path in landings)
    if urlparse(page.url).path == reverse("second_factor"):
        # Staff: the code, typed into the field that has the focus, and Enter.
        code = page.get_by_label("Kod")
        expect(code).to_be_focused()
        page.keyboard.type(fresh_code(email))
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbetsyta")


def draft_pledge():
    """The demo's draft pledge."""
    return Pledge.objects.get(slug="sjobyns-bygg-ab-fiktiv-2027")
