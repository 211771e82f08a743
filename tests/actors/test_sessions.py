"""Sessions end after two hours without a request; every request starts the two hours again."""

import datetime
from unittest import mock

from django.conf import settings
from django.urls import reverse
from django.utils import timezone


def test_every_response_renews_the_session_cookie(client, editor_a):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    client.force_login(editor_a)
    for _ in range(2):
        response = client.get(reverse("password_change"))
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert cookie["max-age"] == settings.SESSION_COOKIE_AGE
        assert cookie["httponly"]


def test_the_session_ends_after_two_hours_without_a_request(client, editor_a):
    client.force_login(editor_a)
    url = reverse("password_change")
    now = timezone.now()

    def at(minutes):
        later = now + datetime.timedelta(minutes=minutes)
        # Django reads the clock through django.utils.timezone everywhere: move it.
        with mock.patch("django.utils.timezone.now", return_value=later):
            return client.get(url)

    # A request every 100 minutes keeps the session alive well past two hours…
    assert at(0).status_code == 200
    assert at(100).status_code == 200
    assert at(200).status_code == 200
    # …until two hours pass without one.
    response = at(200 + 121)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
