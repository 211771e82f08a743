"""The second factor at sign-in: coordinators and national administrators must give a
code from their authenticator app (or a recovery code) after the password, and enrol
one if they have none; editors may add one. Codes are computed as the app computes
them (django_otp's TOTP of the device's key): the verification itself is never
replaced."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from actors import second_factor
from tests.factories import PASSWORD
from tests.helpers import app_code, log_in, messages_of

STAFF = ["coordinator", "other_coordinator", "national_admin"]
NOT_STAFF = ["editor_a", "editor_b", "signatory_a"]
# Pages that only staff reach, for every way in: the workspace's coordinator pages
# and the admin.
STAFF_PAGES = [
    "workspace",
    "actors:manage_list",
    "actors:lockouts",
    "followup:round_list",
    "followup:dashboard_start",
    "admin:index",
    "admin:actors_user_changelist",
]


def password_only(user) -> Client:
    """A client that has given the password at the login page, and nothing else."""
    client = Client()
    response = log_in(client, user.email)
    assert response.status_code == 302, "the password is right"
    return client


def app_of(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def give_code(client, code, next_url=""):
    return client.post(reverse("second_factor"), {"code": code, "next": next_url})


def field_error(response) -> str:
    """The message shown at the code (or password) field, which is marked invalid."""
    html = response.content.decode()
    match = re.search(
        r'aria-describedby="[^"]*id_(?:code|secret)_error"[^>]*>.*?'
        r'<div id="id_(?:code|secret)_error" class="invalid-feedback">\s*'
        r"<p[^>]*><strong>(.*?)</strong>",
        html,
        re.S,
    )
    assert match, "a message next to the field"
    return match.group(1)


@pytest.fixture
def cast_users(cast):
    """The cast by name (tests/conftest.py)."""
    return cast


# Who must have one, who may.


@pytest.mark.parametrize("who", STAFF)
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_staff_without_a_second_factor_are_sent_to_enrol_not_given_the_page(cast_users, who, page):
    client = password_only(cast_users[who])
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_enrol"))


@pytest.mark.parametrize("who", STAFF)
def test_staff_without_a_second_factor_cannot_post_to_a_coordinator_page(cast_users, who):
    client = password_only(cast_users[who])
    response = client.post(reverse("actors:create"), {"name": "Smygbolaget AB"})
    assert response.status_code == 302
    assert response["Location"] == reverse("second_factor_enrol")
    from actors.models import Actor

    assert not Actor.objects.filter(name="Smygbolaget AB").exists()


@pytest.mark.parametrize("who", NOT_STAFF)
def test_editors_and_signatories_sign_in_with_the_password_alone(cast_users, who):
    client = password_only(cast_users[who])
    assert client.get(reverse("workspace")).status_code == 200
    assert client.get(reverse("password_change")).status_code == 200


@pytest.mark.parametrize("who", STAFF + NOT_STAFF)
def test_whoever_has_a_second_factor_is_asked_for_the_code_after_the_password(cast_users, who):
    user = cast_users[who]
    device = second_factor.ensure_app_device(user)
    client = password_only(user)

    response = client.get(reverse("workspace"))
    assert response.status_code == 302
    assert response["Location"] == reverse("second_factor") + "?next=%2Farbetsyta%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = give_code(client, app_code(device), "/arbetsyta/")
    assert response.status_code == 302 and response["Location"] == "/arbetsyta/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("workspace")).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", *STAFF, *NOT_STAFF])
@pytest.mark.parametrize(
    "page",
    [
        "second_factor",
        "second_factor_enrol",
        "second_factor_recovery_codes",
        "second_factor_remove",
    ],
)
def test_the_second_factor_pages_need_a_signed_in_account(client, cast, who, page):
    """Anonymous: to the login page. Everyone signed in reaches their own (no page
    names another account), or is sent where they belong: an enrolled account to Mitt
    konto from the enrolment page, an account without one from the removal page."""
    if who != "anonymous":
        client.force_login(cast[who])
    response = client.get(reverse(page))
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert response["Location"].startswith(("/konto/", "/arbetsyta/"))


def test_the_code_is_taken_after_the_password_with_a_new_session_key(coordinator):
    device = second_factor.ensure_app_device(coordinator)
    client = password_only(coordinator)
    before = client.session.session_key
    give_code(client, app_code(device))
    assert client.session.session_key != before
    # The key from before the code is worth nothing: it was replaced, not kept.
    stale = Client()
    stale.cookies["sessionid"] = before
    assert stale.get(reverse("workspace")).status_code == 302


# Enrolment.


def test_a_coordinator_enrols_an_app_with_the_qr_code_or_the_typed_key(coordinator):
    client = password_only(coordinator)
    page = client.get(reverse("second_factor_enrol"))
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=coordinator)
    assert not device.confirmed
    # The QR code, inline, and the same secret as text for whoever cannot scan it.
    assert '<svg role="img"' in html and "<title>QR-kod för autentiseringsappen</title>" in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert second_factor.secret_text(device) in html
    assert "otpauth://" not in html  # the key is in the picture, not in a link
    assert "issuer=Milj%C3%B6m%C3%A5lsl%C3%B6ften" in device.config_url

    # Reloading shows the same key: what was scanned still works.
    client.get(reverse("second_factor_enrol"))
    assert TOTPDevice.objects.get(user=coordinator).key == device.key

    wrong = client.post(reverse("second_factor_enrol"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "Koden stämmer inte" in field_error(wrong)
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("workspace")).status_code == 302

    # The one wrong code made the next wait a second long.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(reverse("second_factor_enrol"), {"code": app_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("second_factor_recovery_codes")
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id

    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r'<code class="fs-5">([a-z2-7]{8})</code>', codes_page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True)
    )
    # Shown once.
    again = client.get(reverse("second_factor_recovery_codes")).content.decode()
    assert not set(codes) & set(re.findall(r"[a-z2-7]{8}", again))
    assert "Du har 10 oanvända reservkoder" in again

    assert client.get(reverse("actors:manage_list")).status_code == 200


def test_an_editor_may_add_a_second_factor_from_the_account_page(editor_a):
    client = password_only(editor_a)
    account = client.get(reverse("password_change")).content.decode()
    assert reverse("second_factor_enrol") in account
    client.get(reverse("second_factor_enrol"))
    device = TOTPDevice.objects.get(user=editor_a)
    client.post(reverse("second_factor_enrol"), {"code": app_code(device)})
    assert TOTPDevice.objects.get(pk=device.pk).confirmed

    # From then on the password alone is not enough.
    later = password_only(editor_a)
    response = later.get(reverse("workspace"))
    assert response["Location"].startswith(reverse("second_factor"))


def test_a_session_that_owes_the_code_cannot_enrol_another_app_instead(editor_a):
    """Enrolling anew would be a way around the code: only an account without one enrols."""
    device = second_factor.ensure_app_device(editor_a)
    client = password_only(editor_a)
    response = client.get(reverse("second_factor_enrol"))
    assert response["Location"] == reverse("second_factor")
    response = client.post(reverse("second_factor_enrol"), {"code": "123456"})
    assert response["Location"] == reverse("second_factor")
    assert list(TOTPDevice.objects.filter(user=editor_a)) == [device]
    assert client.post(reverse("second_factor_new_codes"))["Location"].startswith(
        reverse("second_factor")
    )
    assert not StaticDevice.objects.filter(user=editor_a).exists()


# Wrong codes, throttling, recovery codes.


def test_a_wrong_code_is_refused_with_a_message_at_the_field(coordinator):
    second_factor.ensure_app_device(coordinator)
    client = password_only(coordinator)
    response = give_code(client, "123456")
    assert response.status_code == 200
    assert "Koden stämmer inte" in field_error(response)
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("workspace")).status_code == 302


def test_after_repeated_wrong_codes_even_the_right_one_is_refused_for_a_while(coordinator):
    device = second_factor.ensure_app_device(coordinator)
    client = password_only(coordinator)
    for wrong in ("111111", "222222", "333333"):
        give_code(client, wrong)
    # Three wrong codes: the next try must wait 4 seconds (OTP_TOTP_THROTTLE_FACTOR 1).
    response = give_code(client, app_code(device))
    assert response.status_code == 200
    assert "För många felaktiga koder i rad" in field_error(response)
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("workspace")).status_code == 302
    # The wait is the account's, not the session's: another client waits too.
    other = password_only(coordinator)
    assert "För många felaktiga koder" in field_error(give_code(other, app_code(device)))


def test_a_recovery_code_works_once(coordinator):
    second_factor.ensure_app_device(coordinator)
    [code, *_rest] = second_factor.replace_recovery_codes(coordinator)

    client = password_only(coordinator)
    response = give_code(client, code.upper()[:4] + " " + code.upper()[4:])
    assert response.status_code == 302
    assert any("9 reservkoder kvar" in m for m in messages_of(response))
    assert client.get(reverse("workspace")).status_code == 200

    again = password_only(coordinator)
    response = give_code(again, code)
    assert response.status_code == 200
    assert "Koden stämmer inte" in field_error(response)


def test_new_recovery_codes_replace_the_old_ones(editor_a):
    device = second_factor.ensure_app_device(editor_a)
    old = second_factor.replace_recovery_codes(editor_a)
    client = password_only(editor_a)
    give_code(client, app_code(device))

    response = client.post(reverse("second_factor_new_codes"))
    assert response["Location"] == reverse("second_factor_recovery_codes")
    page = client.get(response["Location"]).content.decode()
    new = re.findall(r'<code class="fs-5">([a-z2-7]{8})</code>', page)
    assert len(new) == 10 and not set(new) & set(old)

    for code, works in ((new[0], True), (old[0], False)):
        other = password_only(editor_a)
        assert (give_code(other, code).status_code == 302) is works


# Removing it.


def test_removing_the_second_factor_needs_the_password_or_a_current_code(editor_a):
    device = second_factor.ensure_app_device(editor_a)
    second_factor.replace_recovery_codes(editor_a)
    client = password_only(editor_a)
    give_code(client, app_code(device))

    response = client.post(reverse("second_factor_remove"), {"secret": "fel lösenord"})
    assert response.status_code == 200
    assert "Lösenordet eller koden stämmer inte" in field_error(response)
    assert TOTPDevice.objects.filter(user=editor_a).exists()

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(reverse("second_factor_remove"), {"secret": PASSWORD})
    assert response["Location"] == reverse("password_change")
    assert not TOTPDevice.objects.filter(user=editor_a).exists()
    assert not StaticDevice.objects.filter(user=editor_a).exists()
    # The password alone is enough again.
    assert password_only(editor_a).get(reverse("workspace")).status_code == 200


def test_a_coordinator_who_removes_it_must_enrol_again(coordinator):
    device = second_factor.ensure_app_device(coordinator)
    [code, *_rest] = second_factor.replace_recovery_codes(coordinator)
    client = password_only(coordinator)
    # In with a recovery code: the app's code is taken once, and this one is for below.
    give_code(client, code)

    response = client.post(reverse("second_factor_remove"), {"secret": app_code(device)})
    assert response["Location"] == reverse("second_factor_enrol")
    assert not TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()
    assert client.get(reverse("actors:manage_list"))["Location"].startswith(
        reverse("second_factor_enrol")
    )


def test_nobody_removes_or_replaces_another_accounts_second_factor(editor_a, editor_b):
    """The pages act on the signed-in account alone: editor B's password and code remove
    editor B's second factor, never editor A's."""
    a_device = second_factor.ensure_app_device(editor_a)
    a_codes = second_factor.replace_recovery_codes(editor_a)
    b_device = second_factor.ensure_app_device(editor_b)
    client = password_only(editor_b)
    give_code(client, app_code(b_device))

    client.post(reverse("second_factor_new_codes"), {"user": editor_a.pk})
    client.post(reverse("second_factor_remove"), {"secret": PASSWORD, "user": editor_a.pk})

    assert TOTPDevice.objects.get(user=editor_a) == a_device
    assert sorted(
        StaticToken.objects.filter(device__user=editor_a).values_list("token", flat=True)
    ) == sorted(a_codes)
    assert not TOTPDevice.objects.filter(user=editor_b).exists()


# The Django admin.


def test_the_admin_needs_the_second_factor_after_its_own_login(national_admin):
    device = second_factor.ensure_app_device(national_admin)
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": national_admin.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    for path in ("/admin/", reverse("admin:actors_user_changelist")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("second_factor"))
        assert national_admin.email.encode() not in response.content

    give_code(client, app_code(device))
    page = client.get(reverse("admin:actors_user_changelist"))
    assert page.status_code == 200
    assert national_admin.email in page.content.decode()


def test_the_admin_site_itself_refuses_a_session_without_the_second_factor(national_admin):
    from django.contrib import admin
    from django_otp.middleware import OTPMiddleware

    request = RequestFactory().get("/admin/")
    request.user = national_admin
    request.session = {}
    OTPMiddleware(lambda r: None)(request)
    assert not admin.site.has_permission(request)

    device = second_factor.ensure_app_device(national_admin)
    request.session = {DEVICE_ID_SESSION_KEY: device.persistent_id}
    request.user = national_admin
    OTPMiddleware(lambda r: None)(request)
    assert admin.site.has_permission(request)


def test_the_admin_shows_nobodys_second_factor(as_user, coordinator):
    second_factor.ensure_app_device(coordinator)
    client = as_user("national_admin")
    assert client.get("/admin/").status_code == 200
    for path in ("/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"):
        assert client.get(path).status_code == 404


# The operator's way out, and the demo.


def test_the_operator_removes_a_lost_second_factor(coordinator):
    second_factor.ensure_app_device(coordinator)
    second_factor.replace_recovery_codes(coordinator)
    out = StringIO()
    call_command("remove_second_factor", coordinator.email.upper(), stdout=out)
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not StaticDevice.objects.filter(user=coordinator).exists()
    response = password_only(coordinator).get(reverse("workspace"))
    assert response["Location"].startswith(reverse("second_factor_enrol"))


def test_the_demo_prints_recovery_codes_its_staff_sign_in_with(db, settings):
    from pledges.demo import DEMO_PASSWORD, DEMO_USERS
    from tests.conftest import QUEUE_ONLY

    settings.TASKS = QUEUE_ONLY
    out = StringIO()
    call_command("load_demo", stdout=out)
    lines = {
        line.split()[0]: line.split()[1:]
        for line in out.getvalue().splitlines()
        if line.startswith("  ") and len(line.split()) == 11
    }
    staff = {DEMO_USERS[key].email for key in ("admin", "coordinator", "coordinator_kalmar")}
    assert set(lines) == staff
    for email in staff:
        client = Client()
        client.post(reverse("login"), {"username": email, "password": DEMO_PASSWORD})
        assert give_code(client, lines[email][0]).status_code == 302
        assert client.get(reverse("workspace")).status_code == 200
