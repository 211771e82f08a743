"""E-mails with sign-in and password-reset links: the link is made by the task, not stored.

The task queue (django-tasks-db) keeps each task's arguments in the database,
where the admin shows them and backups keep them: a live link there would let
anyone who reads the table sign in as the person.
"""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from actors.models import User

SIGN_IN_LINK = re.compile(r"http://testserver(/konto/lank/\?sesame=([\w-]+))")
RESET_LINK = re.compile(r"http://testserver(/konto/losenord/aterstall/([\w-]+)/([\w-]+)/)")


@pytest.fixture
def queued(settings):
    """Tasks stored in the database, as in production, until `run_queued_tasks()`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def stored_arguments() -> str:
    rows = DBTaskResult.objects.order_by("enqueued_at")
    assert rows, "nothing was enqueued"
    return json.dumps([row.args_kwargs for row in rows])


def run_queued_tasks():
    """What `manage.py db_worker` does: call each task with its stored arguments."""
    for row in DBTaskResult.objects.ready().order_by("enqueued_at"):
        result = row.task_result
        result.task.call(*result.args, **result.kwargs)


def assert_nothing_secret_in(stored: str, *secrets: str):
    for secret in secrets:
        assert secret not in stored
    assert "sesame" not in stored
    assert "http" not in stored


def test_an_invitation_link_is_not_stored_with_the_task(client, queued, coordinator, actor_a):
    client.force_login(coordinator)
    data = {"full_name": "Stina Ström", "email": "stina@example.org", "role": "editor"}
    client.post(reverse("actors:invite", args=[actor_a.slug]), data)
    client.logout()
    assert mail.outbox == []
    stored = stored_arguments()

    run_queued_tasks()
    (message,) = mail.outbox
    assert "Aktör A AB" in message.subject
    path, token = SIGN_IN_LINK.search(message.body).groups()
    assert_nothing_secret_in(stored, token)
    assert client.get(path).status_code == 200
    assert client.post(reverse("accept_link"), {"sesame": token}).status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="stina@example.org").pk)


def test_a_requested_link_is_not_stored_with_the_task(client, queued, editor_a):
    client.post(reverse("request_link"), {"email": editor_a.email})
    stored = stored_arguments()
    run_queued_tasks()
    (message,) = mail.outbox
    path, token = SIGN_IN_LINK.search(message.body).groups()
    assert_nothing_secret_in(stored, token, editor_a.email)
    assert client.post(reverse("accept_link"), {"sesame": token}).status_code == 302
    assert client.session["_auth_user_id"] == str(editor_a.pk)


def test_a_password_reset_link_is_not_stored_with_the_task(client, queued, editor_a):
    client.post(reverse("password_reset"), {"email": editor_a.email})
    stored = stored_arguments()
    run_queued_tasks()
    (message,) = mail.outbox
    assert message.to == [editor_a.email]
    path, uid, token = RESET_LINK.search(message.body).groups()
    assert_nothing_secret_in(stored, token, f"{uid}/", editor_a.email)
    response = client.get(path)
    assert response.status_code == 302
    assert client.get(response.url).context["validlink"]


def test_links_point_at_the_site_url(client, settings, editor_a):
    settings.SITE_URL = "https://miljomalslofte.example.se/"
    client.post(reverse("request_link"), {"email": editor_a.email})
    client.post(reverse("password_reset"), {"email": editor_a.email})
    sign_in, reset = mail.outbox
    assert "https://miljomalslofte.example.se/konto/lank/?sesame=" in sign_in.body
    assert "https://miljomalslofte.example.se/konto/losenord/aterstall/" in reset.body


def test_a_link_for_an_account_closed_before_the_task_ran_is_not_sent(client, queued, editor_a):
    client.post(reverse("request_link"), {"email": editor_a.email})
    client.post(reverse("password_reset"), {"email": editor_a.email})
    User.objects.filter(pk=editor_a.pk).update(is_active=False)
    run_queued_tasks()
    assert mail.outbox == []
