"""The UTKAST preview PDF: for the people working on a pledge, rendered by a task."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from pledges.models import Pledge
from tests import factories
from tests.storage import stored_names

pytestmark = pytest.mark.usefixtures("media")


def preview_url(pledge):
    return reverse("pledges:preview_pdf", args=[pledge.pk])


@pytest.mark.parametrize("who", ["editor_a", "coordinator"])
def test_the_people_working_on_a_draft_get_its_preview(client, as_user, draft, who):
    as_user(who)
    response = client.get(preview_url(draft), follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "UTKAST" in text
    assert draft.actor.name in text


@pytest.mark.parametrize("who", ["editor_b", "other_coordinator"])
def test_nobody_else_gets_the_preview(client, as_user, draft, who):
    as_user(who)
    assert client.get(preview_url(draft)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, draft):
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_without_a_worker_the_page_says_the_preview_is_on_its_way(
    client, settings, editor_a, draft
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(editor_a)
    response = client.get(preview_url(draft))
    # Queued, not rendered in the request.
    assert response.status_code == 202
    assert "skapas i bakgrunden" in response.content.decode()


def test_a_signed_pledge_has_no_preview(client, coordinator, actor_a):
    signed = factories.pledge_in_status(Pledge.Status.SIGNED, actor=actor_a)
    client.force_login(coordinator)
    assert client.get(preview_url(signed)).status_code == 404


def test_the_command_renders_previews_of_unsigned_pledges_only(actor_a):
    draft = factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor_a)
    factories.pledge_in_status(Pledge.Status.SIGNED, actor=actor_a, start_year=2020)
    out = StringIO()
    call_command("render_previews", stdout=out)
    assert "1 förhandsvisningar skapade av 1 löften" in out.getvalue()
    assert stored_names(f"previews/{draft.pk}")
    out = StringIO()
    call_command("render_previews", stdout=out)
    assert "0 förhandsvisningar skapade av 1 löften" in out.getvalue()
