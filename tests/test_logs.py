"""The logs an operator reads: one JSON line per request and per task, with the user's
id, and never a password, a token or an e-mail address."""

import json
import logging

import pytest
from django.urls import reverse

from actors.tasks import SIGN_IN, send_account_link
from config.logs import ScrubbingJsonFormatter

FORMATTER = ScrubbingJsonFormatter(
    "%(asctime)s %(levelname)s %(name)s %(message)s",
    rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
)


def lines(caplog, logger=None):
    """The captured records as the production handler writes them: parsed JSON."""
    records = [r for r in caplog.records if logger is None or r.name == logger]
    return [json.loads(FORMATTER.format(record)) for record in records]


def test_a_request_is_one_json_line_with_route_status_and_user_id(client, editor_a, caplog):
    client.force_login(editor_a)
    with caplog.at_level(logging.INFO, logger="config.requests"):
        response = client.get(reverse("workspace"))
    [line] = lines(caplog, "config.requests")
    assert response.status_code == 200
    assert line["event"] == "request"
    assert (line["method"], line["route"], line["status"]) == ("GET", "/arbetsyta/", 200)
    assert line["view"] == "workspace"
    assert line["user_id"] == editor_a.pk
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)


def test_an_anonymous_request_has_no_user_id(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="config.requests"):
        client.get("/")
    [line] = lines(caplog, "config.requests")
    assert line["user_id"] is None
    assert line["route"] == "/"


def test_a_link_with_a_token_is_logged_by_its_route_never_its_token(client, db, caplog):
    token = "Zx8" * 15  # the shape of a signing link's token
    with caplog.at_level(logging.INFO):
        response = client.get(f"/signera/{token}/?email=anna.andersson@example.se")
    assert response.status_code == 410  # an unknown link: gone
    written = "\n".join(json.dumps(line) for line in lines(caplog))
    assert token not in written
    assert "anna.andersson@example.se" not in written
    [request] = lines(caplog, "config.requests")
    assert request["route"] == "/signera/<str:token>/"


def test_a_password_posted_to_the_login_never_reaches_the_log(client, editor_a, caplog):
    with caplog.at_level(logging.DEBUG):
        client.post(
            reverse("login"),
            {"username": editor_a.email, "password": "fel-losenord-123"},
            REMOTE_ADDR="203.0.113.9",
        )
    written = "\n".join(json.dumps(line) for line in lines(caplog))
    assert "fel-losenord-123" not in written
    assert editor_a.email not in written


@pytest.mark.parametrize(
    "message",
    [
        "Not Found: /rapport/Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8/",
        "mail to karin.lind@lansstyrelsen.se failed",
        "GET /konto/inloggning/x/?sesame=Qw8eR7tY6uI5oP4aS3dF2g",
    ],
)
def test_every_line_is_scrubbed_of_tokens_and_addresses(message):
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, message, (), None)
    line = json.loads(FORMATTER.format(record))
    assert "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8" not in line["message"]
    assert "karin.lind@lansstyrelsen.se" not in line["message"]
    assert "Qw8eR7tY6uI5oP4aS3dF2g" not in line["message"]


def test_a_slug_is_not_mistaken_for_a_token():
    message = "GET /lofte/vaxjo-energi-ab-2024-2027/ 200"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, message, (), None)
    assert json.loads(FORMATTER.format(record))["message"] == message


def test_a_task_is_one_json_line_with_its_function_and_outcome(editor_a, caplog, mailoutbox):
    with caplog.at_level(logging.INFO, logger="config.tasks"):
        send_account_link.enqueue(user_id=editor_a.pk, kind=SIGN_IN)
    [line] = lines(caplog, "config.tasks")
    assert len(mailoutbox) == 1
    assert line["event"] == "task"
    assert line["task"] == "actors.tasks.send_account_link"
    assert line["status"] == "SUCCESSFUL"
    assert line["task_id"]
    # The arguments are not logged, and the line has no address.
    assert editor_a.email not in json.dumps(line)
