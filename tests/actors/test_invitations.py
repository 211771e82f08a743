"""Inviting an actor's representative, and the one-time links that sign people in."""

import re
import time
from unittest import mock

import pytest
import sesame.tokens_v2
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from sesame.utils import get_token

from actors.models import Invitation, Membership, User

from .actor_pages import invite

LINK = re.compile(r"http://testserver(/konto/lank/\?sesame=[\w-]+)")


def link_in(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def invited(client, coordinator, actor_a):
    """A new person invited to actor A by its coordinator: the link from the e-mail."""
    client.force_login(coordinator)
    response = invite(client, actor_a)
    assert response.status_code == 302
    client.logout()
    (message,) = mail.outbox
    return link_in(message)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_an_invitation_creates_the_account_and_the_membership(client, coordinator, actor_a):
    client.force_login(coordinator)
    response = invite(client, actor_a, email="Stina@Example.org", role="signatory")
    assert response.status_code == 302
    assert response.url == reverse("actors:edit", args=[actor_a.slug])

    person = User.objects.get(email="stina@example.org")
    assert person.full_name == "Stina Ström"
    assert not person.has_usable_password()
    assert person.is_active
    assert Membership.objects.filter(user=person, actor=actor_a, role="signatory").exists()

    (message,) = mail.outbox
    assert message.to == ["stina@example.org"]
    assert "Aktör A AB" in message.subject
    assert "firmatecknare för Aktör A AB" in message.body
    assert "Länsstyrelsen i Kronobergs län" in message.body
    assert "7 dagar" in message.body
    assert "&" not in message.body.replace(link_in(message), "")
    # The edit page lists the new person.
    assert "stina@example.org" in client.get(response.url).content.decode()


def test_an_existing_account_is_asked_and_not_attached(client, coordinator, actor_a, editor_b):
    """An account that exists is its owner's: inviting it asks them (test_invitation_answers)."""
    client.force_login(coordinator)
    response = invite(client, actor_a, email=editor_b.email.upper(), full_name="Ett Annat Namn")
    assert response.status_code == 302
    editor_b.refresh_from_db()
    assert editor_b.full_name != "Ett Annat Namn"
    assert editor_b.has_usable_password()
    assert set(editor_b.memberships.values_list("actor__slug", flat=True)) == {"aktor-b"}
    assert Invitation.objects.get().user == editor_b
    assert User.objects.filter(email__iexact=editor_b.email).count() == 1
    (message,) = mail.outbox
    assert message.to == [editor_b.email]
    # Asked, not signed in: no sign-in link.
    assert not LINK.search(message.body)


def test_inviting_a_member_again_sends_a_new_link(client, coordinator, editor_a):
    """An invitation whose link has expired or was lost can be sent again."""
    client.force_login(coordinator)
    actor_a = editor_a.memberships.get().actor
    response = invite(client, actor_a, email=editor_a.email.upper(), role="editor")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "är redan redaktör för Aktör A AB" in page
    assert f"En ny inbjudan har skickats till {editor_a.email}" in page
    assert editor_a.memberships.count() == 1

    (message,) = mail.outbox
    assert message.to == [editor_a.email]
    assert "redaktör för Aktör A AB" in message.body
    client.logout()
    token = link_in(message).split("sesame=")[1]
    response = client.post(reverse("accept_link"), {"sesame": token})
    assert response.status_code == 302
    assert signed_in_as(client) == str(editor_a.pk)


def test_a_new_invitation_works_after_the_first_link_expired(client, coordinator, actor_a):
    client.force_login(coordinator)
    invite(client, actor_a)
    eight_days_later = time.time() + 8 * 24 * 60 * 60
    with mock.patch.object(sesame.tokens_v2, "time") as clock:
        clock.time.return_value = eight_days_later
        assert client.get(link_in(mail.outbox[0])).status_code == 410
        invite(client, actor_a)
        assert len(mail.outbox) == 2
        assert client.get(link_in(mail.outbox[1])).status_code == 200
    assert Membership.objects.filter(actor=actor_a, user__email="stina@example.org").count() == 1


def test_a_deactivated_account_is_not_invited(client, coordinator, actor_a, editor_b):
    editor_b.is_active = False
    editor_b.save()
    client.force_login(coordinator)
    response = invite(client, actor_a, email=editor_b.email)
    assert response.status_code == 200
    assert "avstängt" in response.context["form"].errors["email"][0]
    assert not Membership.objects.filter(user=editor_b, actor=actor_a).exists()
    assert mail.outbox == []


def test_the_invitation_form_needs_a_name_an_address_and_a_role(client, coordinator, actor_a):
    client.force_login(coordinator)
    response = invite(client, actor_a, full_name="", email="inte en adress", role="chef")
    assert set(response.context["form"].errors) == {"full_name", "email", "role"}
    assert not User.objects.filter(full_name="Stina Ström").exists()


def test_opening_the_link_asks_first_and_does_not_use_it_up(client, invited):
    # A mail server's link scanner fetches the link before the person does.
    for _ in range(2):
        response = client.get(invited)
        assert response.status_code == 200
        assert signed_in_as(client) is None
    page = response.content.decode()
    assert "stina@example.org" in page and "Stina Ström" in page
    assert 'method="post"' in page
    assert response["Cache-Control"].startswith("max-age=0")
    assert User.objects.get(email="stina@example.org").last_login is None


def test_the_button_signs_in_and_offers_a_password(client, invited):
    token = invited.split("sesame=")[1]
    response = client.post(reverse("accept_link"), {"sesame": token})
    person = User.objects.get(email="stina@example.org")
    assert signed_in_as(client) == str(person.pk)
    assert response.status_code == 302
    assert response.url == reverse("password_change")
    page = client.get(response.url).content.decode()
    assert "Välj ett lösenord" in page
    assert "fortsätta logga in med länkar" in page
    assert person.last_login is not None


def test_a_link_works_once(client, invited):
    token = invited.split("sesame=")[1]
    client.post(reverse("accept_link"), {"sesame": token})
    client.logout()

    response = client.get(invited)
    assert response.status_code == 410
    assert "Länken fungerar inte" in response.content.decode()
    assert reverse("request_link") in response.content.decode()
    response = client.post(reverse("accept_link"), {"sesame": token})
    assert response.status_code == 410
    assert signed_in_as(client) is None


def test_a_person_with_a_password_goes_to_the_workspace(client, editor_a):
    response = client.post(reverse("request_link"), {"email": editor_a.email})
    token = link_in(mail.outbox[0]).split("sesame=")[1]
    response = client.post(reverse("accept_link"), {"sesame": token})
    assert response.url == reverse("workspace")
    assert signed_in_as(client) == str(editor_a.pk)


def test_an_expired_link_fails(client, invited):
    eight_days_later = time.time() + 8 * 24 * 60 * 60
    with mock.patch.object(sesame.tokens_v2, "time") as clock:
        clock.time.return_value = eight_days_later
        assert client.get(invited).status_code == 410
        token = invited.split("sesame=")[1]
        assert client.post(reverse("accept_link"), {"sesame": token}).status_code == 410
    assert signed_in_as(client) is None


def test_a_link_for_a_deactivated_account_fails(client, invited):
    User.objects.filter(email="stina@example.org").update(is_active=False)
    assert client.get(invited).status_code == 410
    token = invited.split("sesame=")[1]
    assert client.post(reverse("accept_link"), {"sesame": token}).status_code == 410
    assert signed_in_as(client) is None


@pytest.mark.parametrize("query", ["", "?sesame=", "?sesame=nonsense", "?sesame=" + "A" * 27])
def test_a_missing_or_forged_token_fails(client, db, query):
    response = client.get(reverse("accept_link") + query)
    assert response.status_code == 410


def test_two_clicks_at_once_sign_in_only_once(client, invited):
    """The second of two requests that both checked the token before either used it is refused."""
    from actors import links

    token = invited.split("sesame=")[1]
    person = User.objects.get(email="stina@example.org")
    assert links.use_up(person)
    stale = User.objects.get(pk=person.pk)
    stale.last_login = None  # as the second request read it, before the first wrote
    assert not links.use_up(stale)
    assert client.post(reverse("accept_link"), {"sesame": token}).status_code == 410


# Links and login throttling (django-axes).

OFFICE = {"REMOTE_ADDR": "192.0.2.10"}  # everyone behind one office's NAT


def test_failed_links_from_one_address_do_not_lock_out_the_links_of_others(
    client, invited, editor_a
):
    """A mail scanner re-fetching spent links, or colleagues behind one NAT, lock nobody out."""
    token = invited.split("sesame=")[1]
    client.post(reverse("accept_link"), {"sesame": token}, **OFFICE)
    client.logout()
    for _ in range(6):
        assert client.get(invited, **OFFICE).status_code == 410
        assert client.post(reverse("accept_link"), {"sesame": token}, **OFFICE).status_code == 410
        forged = reverse("accept_link") + "?sesame=" + "A" * 27
        assert client.get(forged, **OFFICE).status_code == 410
    assert not AccessAttempt.objects.exists()

    fresh = get_token(editor_a)
    response = client.get(reverse("accept_link") + "?sesame=" + fresh, **OFFICE)
    assert response.status_code == 200
    response = client.post(reverse("accept_link"), {"sesame": fresh}, **OFFICE)
    assert response.status_code == 302
    assert signed_in_as(client) == str(editor_a.pk)
    # The spent link stays spent.
    client.logout()
    assert client.post(reverse("accept_link"), {"sesame": fresh}, **OFFICE).status_code == 410


def test_a_link_signs_in_someone_locked_out_of_password_login(client, editor_a):
    """As the locked-out page promises: a link still works."""
    for _ in range(5):
        response = client.post(reverse("login"), {"username": editor_a.email, "password": "fel"})
    assert response.status_code == 429
    client.post(reverse("request_link"), {"email": editor_a.email})
    token = link_in(mail.outbox[0]).split("sesame=")[1]
    assert client.get(reverse("accept_link") + "?sesame=" + token).status_code == 200
    response = client.post(reverse("accept_link"), {"sesame": token})
    assert response.status_code == 302
    assert signed_in_as(client) == str(editor_a.pk)


# Asking for a link.


def test_a_link_is_sent_to_a_known_address(client, editor_a):
    response = client.post(reverse("request_link"), {"email": editor_a.email.upper()})
    assert response.status_code == 302
    assert response.url == reverse("request_link_sent")
    (message,) = mail.outbox
    assert message.to == [editor_a.email]
    assert LINK.search(message.body)


def test_the_answer_is_the_same_for_an_unknown_or_inactive_address(client, editor_a):
    editor_a.is_active = False
    editor_a.save()
    answers = [
        client.post(reverse("request_link"), {"email": address})
        for address in ["nobody@example.org", editor_a.email]
    ]
    assert {(r.status_code, r.url) for r in answers} == {(302, reverse("request_link_sent"))}
    assert mail.outbox == []


def test_the_login_page_links_to_the_link_and_reset_pages(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("request_link")}"' in page
    assert f'href="{reverse("password_reset")}"' in page


def test_the_link_pages_work_in_english(client, editor_a):
    client.post("/en/konto/lank/ny/", {"email": editor_a.email})
    message = mail.outbox[0]
    assert "/en/konto/lank/?sesame=" in message.body
    assert "Hej" not in message.body


class Clock:
    """The cache's clock, moved by hand."""

    def __init__(self):
        self.now = time.time()

    def time(self):
        return self.now


@pytest.fixture
def cache_clock():
    clock = Clock()
    with (
        mock.patch("django.core.cache.backends.base.time", clock),
        mock.patch("django.core.cache.backends.locmem.time", clock),
    ):
        yield clock


def test_an_address_gets_at_most_one_link_in_five_minutes(client, editor_a, editor_b, cache_clock):
    sent = reverse("request_link_sent")
    typed = [editor_a.email, editor_a.email.upper(), f" {editor_a.email.title()} "]
    for address in typed:
        response = client.post(reverse("request_link"), {"email": address})
        assert (response.status_code, response.url) == (302, sent)
    assert [m.to for m in mail.outbox] == [[editor_a.email]]

    # Another address is not held up.
    client.post(reverse("request_link"), {"email": editor_b.email})
    assert [m.to for m in mail.outbox] == [[editor_a.email], [editor_b.email]]

    cache_clock.now += 4 * 60
    client.post(reverse("request_link"), {"email": editor_a.email})
    assert len(mail.outbox) == 2
    cache_clock.now += 61
    client.post(reverse("request_link"), {"email": editor_a.email})
    assert [m.to for m in mail.outbox][2:] == [[editor_a.email]]


def test_the_limit_does_not_tell_whether_an_address_is_known(client, editor_a, cache_clock):
    answers = []
    for address in ["nobody@example.org", editor_a.email]:
        for _ in range(2):
            response = client.post(reverse("request_link"), {"email": address}, follow=True)
            page = response.content.decode()
            # The same page but for the CSRF tokens, which differ on every page.
            page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
            answers.append((response.status_code, tuple(response.redirect_chain), page))
    assert len(set(answers)) == 1
    assert len(mail.outbox) == 1


def test_a_password_reset_goes_out_once_in_five_minutes(client, editor_a, cache_clock):
    for _ in range(3):
        response = client.post(reverse("password_reset"), {"email": editor_a.email.upper()})
        assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[editor_a.email]]
    # A sign-in link is another kind of e-mail, with its own limit.
    client.post(reverse("request_link"), {"email": editor_a.email})
    assert len(mail.outbox) == 2
    cache_clock.now += 5 * 60 + 1
    client.post(reverse("password_reset"), {"email": editor_a.email})
    assert len(mail.outbox) == 3
