"""Resetting a forgotten password by e-mail, and changing or setting one on "Mitt konto"."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD
from tests.helpers import log_in

NEW_PASSWORD = "Nytt-langt-losen-2026"
RESET_LINK = re.compile(r"http://testserver(/konto/losenord/aterstall/[\w-]+/[\w-]+/)")


def reset_link(message) -> str:
    match = RESET_LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def test_a_forgotten_password_is_reset_by_email(client, editor_a):
    response = client.post(reverse("password_reset"), {"email": editor_a.email.upper()})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == [editor_a.email]
    assert "lösenord" in message.subject.lower()

    link = reset_link(message)
    response = client.get(link)
    # Django moves the token into the session and the link to a path without it.
    assert response.status_code == 302
    assert response.url.endswith("/nytt-losenord/")
    form_page = client.get(response.url)
    assert form_page.context["validlink"]
    response = client.post(
        response.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")

    assert log_in(client, editor_a.email, PASSWORD).status_code == 200
    assert log_in(client, editor_a.email, NEW_PASSWORD).status_code == 302
    # The link was for one reset only.
    client.logout()
    assert not client.get(link, follow=True).context["validlink"]


def test_resetting_the_password_lifts_a_lockout(client, editor_a):
    for _ in range(5):
        response = log_in(client, editor_a.email, "fel")
    assert response.status_code == 429
    client.post(reverse("password_reset"), {"email": editor_a.email})
    response = client.get(reset_link(mail.outbox[0]))
    client.post(response.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not AccessAttempt.objects.exists()
    assert log_in(client, editor_a.email, NEW_PASSWORD).status_code == 302


def test_resetting_the_password_lifts_a_lockout_made_at_the_admin_login(client, national_admin):
    for _ in range(5):
        response = client.post(
            reverse("admin:login"), {"username": national_admin.email.upper(), "password": "fel"}
        )
    assert response.status_code == 429
    client.post(reverse("password_reset"), {"email": national_admin.email})
    response = client.get(reset_link(mail.outbox[0]))
    client.post(response.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not AccessAttempt.objects.exists()
    response = client.post(
        reverse("admin:login"), {"username": national_admin.email, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302


def test_an_invited_person_without_a_password_may_reset_one(client, db):
    person = factories.UserFactory(password=None)
    person.set_unusable_password()
    person.save()
    client.post(reverse("password_reset"), {"email": person.email})
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("active", [True, False], ids=["unknown address", "inactive account"])
def test_the_answer_does_not_tell_whether_the_address_is_known(client, editor_a, active):
    editor_a.is_active = active
    editor_a.save()
    address = "nobody@example.org" if active else editor_a.email
    response = client.post(reverse("password_reset"), {"email": address})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_forged_reset_link_is_refused(client, editor_a):
    response = client.get("/konto/losenord/aterstall/MQ/abc-123/")
    assert response.status_code == 200
    assert not response.context["validlink"]
    assert reverse("password_reset") in response.content.decode()


# Mitt konto.


def test_my_account_needs_a_login(client):
    for name in ["password_change", "password_change_done"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "who", ["editor_a", "editor_b", "coordinator", "other_coordinator", "national_admin"]
)
def test_everyone_changes_their_own_password(client, db, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse("password_change"))
    assert response.status_code == 200
    assert "old_password" in response.context["form"].fields
    page = response.content.decode()
    assert "Mitt konto" in page and "Byt lösenord" in page and user.email in page

    wrong = {"old_password": "fel", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post(reverse("password_change"), wrong)
    assert "old_password" in response.context["form"].errors

    right = wrong | {"old_password": PASSWORD}
    response = client.post(reverse("password_change"), right)
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    # Still signed in: the session follows the new password.
    assert client.get(reverse("password_change_done")).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_someone_without_a_password_sets_one_without_an_old_one(client, db):
    person = factories.UserFactory()
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    response = client.get(reverse("password_change"))
    assert "old_password" not in response.context["form"].fields
    assert "Välj ett lösenord" in response.content.decode()
    response = client.post(
        reverse("password_change"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    client.logout()
    assert log_in(client, person.email, NEW_PASSWORD).status_code == 302


def test_a_weak_password_is_refused_in_swedish(client, editor_a):
    client.force_login(editor_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "för vanligt" in " ".join(response.context["form"].errors["new_password2"])
