import pytest
from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD


@pytest.fixture
def person(db):
    return factories.UserFactory(email="karin.k@example.org", password=PASSWORD)


@pytest.mark.parametrize("typed", ["karin.k@example.org", "Karin.K@Example.ORG"])
def test_login_with_the_email_address_as_typed(client, person, typed):
    response = client.post(reverse("login"), {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_login_with_a_wrong_password_is_refused(client, person):
    response = client.post(reverse("login"), {"username": person.email, "password": "fel"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_an_inactive_user_cannot_log_in(client, person):
    person.is_active = False
    person.save()
    client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
