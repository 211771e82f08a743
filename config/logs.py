"""Structured logs: one JSON line per request and per task (LOG_FORMAT=json), with
the user's id and never a password, a token or an e-mail address.

A request is logged by its route (`signera/<str:token>/`), not its path, so the
secret in a signing or report link never reaches the log; whatever else a message
carries (Django's own "Not Found: /…" lines, a library's) passes the same scrub:
e-mail addresses and token-like path segments are replaced before the line is
written.
"""

import logging
import re
import time

from pythonjsonlogger.json import JsonFormatter

request_logger = logging.getLogger("config.requests")
task_logger = logging.getLogger("config.tasks")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# A path segment of 20 or more URL-safe characters (the signing and report links'
# tokens, password-reset tokens, django-sesame's): never a word of a Swedish slug,
# which has hyphens between its words.
TOKEN = re.compile(r"(?<=/)[A-Za-z0-9_:.~]{20,}(?=/|$|\?)")
QUERY = re.compile(r"\?\S*")


def scrub(text: str) -> str:
    """`text` without e-mail addresses, token-like path segments or query strings."""
    text = EMAIL.sub("[e-post]", text)
    text = QUERY.sub("?…", text)
    return TOKEN.sub("[token]", text)


class ScrubbingJsonFormatter(JsonFormatter):
    """python-json-logger's formatter, whose every string value is scrubbed."""

    def process_log_record(self, log_record):
        for key, value in log_record.items():
            if isinstance(value, str):
                log_record[key] = scrub(value)
            elif not isinstance(value, int | float | bool | type(None)):
                # An object a library logs (Django's 404 lines pass the request, whose
                # text holds the path and query): as its scrubbed text.
                log_record[key] = scrub(str(value))
        return super().process_log_record(log_record)


class ScrubbingFormatter(logging.Formatter):
    """The plain text lines of development, scrubbed alike."""

    def format(self, record):
        return scrub(super().format(record))


class RequestLogMiddleware:
    """One line per request: method, route, view, status, milliseconds, user id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        route = f"/{match.route}" if match else ""
        duration = round((time.perf_counter() - started) * 1000, 1)
        request_logger.info(
            "%s %s %s %sms",
            request.method,
            route or "(no route)",
            response.status_code,
            duration,
            extra={
                "event": "request",
                "method": request.method,
                "route": route,
                "view": match.view_name if match else "",
                "status": response.status_code,
                "duration_ms": duration,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


def log_task_finished(sender, task_result, **kwargs):
    """One line per task run: its id, function, outcome and time (django-tasks'
    task_finished signal; its own INFO lines are left to WARNING)."""
    started, finished = task_result.started_at, task_result.finished_at
    duration = (finished - started).total_seconds() * 1000 if started and finished else None
    status = getattr(task_result.status, "value", task_result.status)
    task_logger.info(
        "task %s %s",
        task_result.task.module_path,
        status,
        extra={
            "event": "task",
            "task_id": str(task_result.id),
            "task": task_result.task.module_path,
            "status": status,
            "attempts": getattr(task_result, "attempts", None),
            "duration_ms": round(duration, 1) if duration is not None else None,
        },
    )


def scrub_sentry_event(event, hint):
    """Sentry's before_send: the request's URL, query and message scrubbed like a log
    line; cookies, headers and the body never sent."""
    request = event.get("request") or {}
    for key in ("cookies", "data", "headers", "env"):
        request.pop(key, None)
    if "url" in request:
        request["url"] = scrub(request["url"])
    request.pop("query_string", None)
    if isinstance(event.get("message"), str):
        event["message"] = scrub(event["message"])
    for entry in (event.get("logentry") or {}, *(event.get("breadcrumbs") or {}).get("values", [])):
        if isinstance(entry.get("message"), str):
            entry["message"] = scrub(entry["message"])
    return event
