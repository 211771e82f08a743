"""Login throttling (django-axes), the locked-out page, and coordinators lifting locks."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse, reverse_lazy

from actors.models import Invitation
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import CAST, log_in


def lock(email, ip="10.0.0.1", failures=5):
    """A lockout as django-axes records it."""
    return AccessAttempt.objects.create(
        username=email,
        ip_address=ip,
        user_agent="Firefox",
        get_data="",
        post_data="",
        http_accept="text/html",
        path_info="/konto/logga-in/",
        failures_since_start=failures,
    )


def test_five_failures_lock_the_account_and_a_coordinator_unlocks_it(client, editor_a, coordinator):
    for attempt in range(1, 5):
        response = log_in(client, editor_a.email, "fel lösenord")
        assert response.status_code == 200, attempt
    response = log_in(client, editor_a.email, "fel lösenord")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Kontot är tillfälligt låst" in page
    assert reverse("password_reset") in page and reverse("request_link") in page
    assert "miljömålssamordnaren" in page

    # The right password does not help while the lock lasts.
    assert log_in(client, editor_a.email).status_code == 429
    assert "_auth_user_id" not in client.session

    coordinator_client = client.__class__()
    coordinator_client.force_login(coordinator)
    listing = coordinator_client.get(reverse("actors:lockouts"))
    assert editor_a.email in listing.content.decode()
    response = coordinator_client.post(reverse("actors:unlock"), {"username": editor_a.email})
    assert response.status_code == 302
    assert coordinator_client.get(reverse("actors:lockouts")).context["lockouts"] == []

    response = log_in(client, editor_a.email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor_a.pk)


def test_changing_the_case_of_the_address_does_not_buy_more_guesses(client, editor_a):
    local, domain = editor_a.email.split("@")
    typed = [local.upper() + "@" + domain, editor_a.email.title(), editor_a.email.upper()]
    for address in typed + [editor_a.email, editor_a.email.capitalize()]:
        response = log_in(client, address, "fel lösenord")
    assert response.status_code == 429
    assert AccessAttempt.objects.get().username == editor_a.email


def test_a_lock_expires_after_the_cool_off(client, editor_a):
    attempt = lock(editor_a.email, ip="127.0.0.1")
    assert log_in(client, editor_a.email).status_code == 429
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=attempt.attempt_time.replace(year=2000)
    )
    assert log_in(client, editor_a.email).status_code == 302


# Who sees which lock.


@pytest.fixture
def locks(actor_a, editor_a, editor_b, coordinator, other_coordinator, kalmar, national_admin):
    kalmar_editor = factories.MembershipFactory(actor=factories.ActorFactory(county=kalmar)).user
    # Attached to actor A before invitations needed an answer and staff were refused.
    staff_member = factories.MembershipFactory(actor=actor_a, user__is_staff=True).user
    kalmar_coordinator_at_a = factories.MembershipFactory(actor=actor_a).user
    factories.CountyRoleFactory(user=kalmar_coordinator_at_a, county=kalmar)
    factories.MembershipFactory(actor=actor_a, user=national_admin)
    # Asked to join actor A, not yet answered: not actor A's.
    invitee = factories.UserFactory()
    Invitation.objects.create(user=invitee, actor=actor_a, role="editor", invited_by=coordinator)
    return {
        "editor_a": lock(editor_a.email),
        "editor_b": lock(editor_b.email.upper()),  # as typed, before addresses were lower-cased
        "coordinator": lock(coordinator.email),
        "kalmar_editor": lock(kalmar_editor.email),
        "other_coordinator": lock(other_coordinator.email),
        "national_admin": lock(national_admin.email),
        "staff_member": lock(staff_member.email),
        "kalmar_coordinator_at_a": lock(kalmar_coordinator_at_a.email),
        "invitee": lock(invitee.email),
        "nobody": lock("nobody@example.org"),
        "links": lock(None, ip="10.0.0.9"),
        "not_yet": lock("nearly@example.org", failures=4),
    }


# A coordinator sees their counties' actors' members; never a coordinator (not even
# themselves) nor a staff account, whatever actor it was attached to.
SEEN = {
    "coordinator": {"editor_a", "editor_b"},
    "other_coordinator": {"kalmar_editor"},
    "national_admin": {
        "editor_a",
        "editor_b",
        "coordinator",
        "kalmar_editor",
        "other_coordinator",
        "national_admin",
        "staff_member",
        "kalmar_coordinator_at_a",
        "invitee",
        "nobody",
        "links",
    },
}


@pytest.mark.parametrize(
    "who",
    CAST,
)
def test_the_lockout_list_shows_the_users_counties_people(client, locks, who, as_user):
    as_user(who)
    response = client.get(reverse("actors:lockouts"))
    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        return
    if who not in SEEN:
        assert response.status_code == 403
        assert locks["editor_a"].username not in response.content.decode()
        return
    assert response.status_code == 200
    shown = {(row["username"], row["ip_address"]) for row in response.context["lockouts"]}
    expected = {(locks[key].username, locks[key].ip_address) for key in SEEN[who]}
    assert shown == expected
    page = response.content.decode()
    for key, attempt in locks.items():
        if attempt.username:
            assert (attempt.username in page) == (key in SEEN[who]), key


@pytest.mark.parametrize(
    ("who", "key", "allowed"),
    [
        ("coordinator", "editor_a", True),
        ("coordinator", "editor_b", True),
        ("coordinator", "kalmar_editor", False),
        ("coordinator", "nobody", False),
        ("coordinator", "coordinator", False),
        ("coordinator", "other_coordinator", False),
        ("coordinator", "national_admin", False),
        ("coordinator", "staff_member", False),
        ("coordinator", "kalmar_coordinator_at_a", False),
        ("coordinator", "invitee", False),
        ("other_coordinator", "editor_a", False),
        ("other_coordinator", "kalmar_editor", True),
        ("other_coordinator", "kalmar_coordinator_at_a", False),
        ("national_admin", "kalmar_editor", True),
        ("national_admin", "nobody", True),
        ("national_admin", "coordinator", True),
        ("national_admin", "staff_member", True),
        ("national_admin", "national_admin", True),
        ("editor_a", "editor_a", False),
        ("editor_b", "editor_a", False),
        ("anonymous", "editor_a", False),
    ],
)
def test_unlocking_is_for_the_users_counties(client, locks, who, key, allowed, as_user):
    as_user(who)
    attempt = locks[key]
    response = client.post(reverse("actors:unlock"), {"username": attempt.username})
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists() != allowed
    if allowed:
        assert response.status_code == 302
    elif who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == (403 if who.startswith("editor") else 404)
    assert AccessAttempt.objects.count() == len(locks) - allowed


def test_an_account_is_the_coordinators_to_unlock_once_its_owner_accepted(
    client, locks, coordinator
):
    invitation = Invitation.objects.get()
    client.force_login(coordinator)
    data = {"username": locks["invitee"].username}
    assert client.post(reverse("actors:unlock"), data).status_code == 404
    invitation.accept()
    assert client.post(reverse("actors:unlock"), data).status_code == 302
    assert not AccessAttempt.objects.filter(pk=locks["invitee"].pk).exists()


def test_only_the_national_admin_unlocks_sign_in_links(client, locks, coordinator, national_admin):
    data = {"username": "", "ip_address": "10.0.0.9"}
    client.force_login(coordinator)
    assert client.post(reverse("actors:unlock"), data).status_code == 404
    client.force_login(national_admin)
    assert client.post(reverse("actors:unlock"), data).status_code == 302
    assert not AccessAttempt.objects.filter(username=None).exists()
    assert AccessAttempt.objects.count() == len(locks) - 1


def test_unlocking_needs_a_post(client, locks, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("actors:unlock"), {"username": locks["editor_a"].username})
    assert response.status_code == 405
    assert AccessAttempt.objects.filter(pk=locks["editor_a"].pk).exists()


# Behind a load balancer (DESIGN.md): every request comes from its address.

LOAD_BALANCER = "10.0.0.2"


def from_behind_the_load_balancer(client_address, sent_by_the_client=""):
    """The request's META as the portal sees it behind one load balancer."""
    forwarded = f"{sent_by_the_client}, {client_address}" if sent_by_the_client else client_address
    return {"REMOTE_ADDR": LOAD_BALANCER, "HTTP_X_FORWARDED_FOR": forwarded}


def test_behind_a_load_balancer_a_lock_is_for_one_client(client, settings, editor_a):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    attacker = from_behind_the_load_balancer("198.51.100.66")
    for _ in range(5):
        response = client.post(
            reverse("login"), {"username": editor_a.email, "password": "fel"}, **attacker
        )
    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "198.51.100.66"

    # The person, elsewhere, is not locked out by the attacker's guesses.
    response = client.post(
        reverse("login"),
        {"username": editor_a.email, "password": PASSWORD},
        **from_behind_the_load_balancer("203.0.113.5"),
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, from_behind_the_load_balancer("198.51.100.66"), LOAD_BALANCER),
        (1, from_behind_the_load_balancer("198.51.100.66"), "198.51.100.66"),
        # What the client sends itself is not believed.
        (1, from_behind_the_load_balancer("198.51.100.66", "1.2.3.4"), "198.51.100.66"),
        (2, from_behind_the_load_balancer("10.0.0.3", "198.51.100.66"), "198.51.100.66"),
        (
            1,
            {"REMOTE_ADDR": LOAD_BALANCER, "HTTP_X_FORWARDED_FOR": "[2001:db8::1]:4711"},
            "2001:db8::1",
        ),
        (
            1,
            {"REMOTE_ADDR": LOAD_BALANCER, "HTTP_X_FORWARDED_FOR": "198.51.100.66:4711"},
            "198.51.100.66",
        ),
        # Fewer addresses than proxies, or nonsense: the connection's own address.
        (2, from_behind_the_load_balancer("198.51.100.66"), LOAD_BALANCER),
        (1, {"REMOTE_ADDR": LOAD_BALANCER, "HTTP_X_FORWARDED_FOR": "unknown"}, LOAD_BALANCER),
        (1, {"REMOTE_ADDR": LOAD_BALANCER}, LOAD_BALANCER),
    ],
)
def test_the_client_address_for_login_throttling(rf, settings, proxies, meta, expected):
    from axes.helpers import get_client_ip_address

    settings.AXES_IPWARE_PROXY_COUNT = proxies
    assert get_client_ip_address(rf.get("/", **meta)) == expected


def deploy_warnings(settings, **overrides):
    from django.core.checks import run_checks

    settings.SECRET_KEY = "a-production-key-" + "x" * 40
    for name, value in overrides.items():
        setattr(settings, name, value)
    return {issue.id: issue for issue in run_checks(include_deployment_checks=True)}


def test_deploy_check_warns_when_login_throttling_ignores_proxies(settings):
    warnings = deploy_warnings(settings, AXES_IPWARE_PROXY_COUNT=0)
    assert "load balancer" in warnings["miljomalslofte.W001"].hint
    assert "miljomalslofte.W001" not in deploy_warnings(settings, AXES_IPWARE_PROXY_COUNT=1)


def test_deploy_check_warns_when_links_would_point_at_a_development_address(settings):
    for site_url in ["http://127.0.0.1:8000", "http://miljomalslofte.example.se", "localhost"]:
        assert "miljomalslofte.W002" in deploy_warnings(settings, SITE_URL=site_url), site_url
    warnings = deploy_warnings(settings, SITE_URL="https://miljomalslofte.example.se")
    assert "miljomalslofte.W002" not in warnings


def test_deploy_check_warns_when_link_request_limits_are_per_process(settings, tmp_path):
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "CACHE_URL" in deploy_warnings(settings, CACHES=local)["miljomalslofte.W003"].hint
    # Shared by the processes (Redis would be too; its client is an optional extra).
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    assert "miljomalslofte.W003" not in deploy_warnings(settings, CACHES=shared)


# Every way to sign in with a password counts towards one lock per address.

FORMS = {"portal": reverse_lazy("login"), "admin": reverse_lazy("admin:login")}


def case_variants(email):
    """The address as an attacker might type it, a different way each time."""
    local, domain = email.split("@")
    return [
        email.upper(),
        local.capitalize() + "@" + domain.upper(),
        local.upper() + "@" + domain,
        email.title(),
        " " + local + "@" + domain.capitalize() + " ",
        email.swapcase(),
    ]


def sign_in_at(client, form, email, password=PASSWORD):
    return client.post(FORMS[form], {"username": email, "password": password, "next": "/admin/"})


@pytest.mark.parametrize("who", ["national_admin", "editor_a"])
@pytest.mark.parametrize("failing_at", ["portal", "admin", "both"])
@pytest.mark.parametrize("then_at", ["portal", "admin"])
def test_a_lock_holds_across_the_login_forms_and_the_case_of_the_address(
    client, db, who, failing_at, then_at, request
):
    person = request.getfixturevalue(who)
    forms = ["portal", "admin"] * 3 if failing_at == "both" else [failing_at] * 6
    for form, typed in zip(forms[:5], case_variants(person.email), strict=False):
        sign_in_at(client, form, typed, "fel lösenord")

    for typed in [person.email, case_variants(person.email)[-1]]:
        response = sign_in_at(client, then_at, typed)
        assert response.status_code == 429, typed
        assert "Kontot är tillfälligt låst" in response.content.decode()
        assert "_auth_user_id" not in client.session
    # One lock, on the address as the account has it, not wiped by the right password.
    attempt = AccessAttempt.objects.get()
    assert attempt.username == person.email
    assert attempt.failures_since_start >= 5
    other_form = "portal" if then_at == "admin" else "admin"
    assert sign_in_at(client, other_form, person.email.upper()).status_code == 429
    assert "_auth_user_id" not in client.session


# Password spraying: one client, one password, many addresses.


def spray(client, addresses, ip="10.0.0.9"):
    return [
        client.post(
            reverse("login"), {"username": a, "password": "Sommar2026!"}, REMOTE_ADDR=ip
        ).status_code
        for a in addresses
    ]


def test_one_client_trying_a_password_against_many_addresses_is_locked_out(
    client, settings, editor_a
):
    settings.AXES_CLIENT_FAILURE_LIMIT = 20
    addresses = [f"person{n}@example.org" for n in range(19)]
    # Never more than one failure per address: the per-address lock never counts to five.
    assert spray(client, addresses) == [200] * 19
    assert spray(client, ["person19@example.org"]) == [429]
    # Locked for every address now, the right password of a real account included.
    response = client.post(
        reverse("login"),
        {"username": editor_a.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_client_lock_holds_only_that_client(client, settings, editor_a):
    settings.AXES_CLIENT_FAILURE_LIMIT = 20
    spray(client, [f"person{n}@example.org" for n in range(20)])
    other = client.__class__()
    response = other.post(
        reverse("login"),
        {"username": editor_a.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.10",
    )
    assert response.status_code == 302


def test_signing_in_to_ones_own_account_does_not_reset_the_clients_count(
    client, settings, editor_a
):
    settings.AXES_CLIENT_FAILURE_LIMIT = 20
    for round in range(2):
        spray(client, [f"person{round}-{n}@example.org" for n in range(10)])
        own = client.post(
            reverse("login"),
            {"username": editor_a.email, "password": PASSWORD},
            REMOTE_ADDR="10.0.0.9",
        )
        client.logout()
        assert own.status_code == (302 if round == 0 else 429)


def test_a_few_failures_from_an_office_behind_one_address_lock_nobody_out(
    client, settings, editor_a, editor_b
):
    # A county office behind one address: several people mistype their password.
    settings.AXES_CLIENT_FAILURE_LIMIT = 20
    for address in [f"kollega{n}@example.org" for n in range(5)] + [editor_b.email] * 2:
        assert spray(client, [address], ip="10.0.0.20") == [200]
    response = client.post(
        reverse("login"),
        {"username": editor_a.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.20",
    )
    assert response.status_code == 302
