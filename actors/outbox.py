"""Each e-mail of a task is sent once, however often the task runs.

A worker killed in the middle of a task leaves it to another (config/worker.py), which
runs it from the start. Before a message goes out, a row keyed by the task run's id,
the template and the recipients (SentEmail) is claimed and committed; a run that finds
it already there sends nothing. A worker that dies while talking to the mail server
leaves a claim without `sent_at`: that message is not sent again either (whether it
left is unknown; a second one is the worse error) and a warning says so.

Outside a worker (the immediate backend of development, a direct call) nothing is
recorded: there is no run to repeat.
"""

import contextvars
import hashlib
import logging
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# The id of the task this worker process is running, set by the worker
# (config/management/commands/db_worker.py); None outside one.
current_task_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_task_id", default=None
)


def message_key(template: str, recipients: list[str]) -> str | None:
    task_id = current_task_id.get()
    if task_id is None:
        return None
    text = "\n".join([task_id, template, *sorted(recipients)])
    return hashlib.sha256(text.encode()).hexdigest()


def already_sent(template: str, recipients: list[str]) -> bool:
    """Whether this run of the task has claimed this message before (a retry)."""
    from .models import SentEmail

    key = message_key(template, recipients)
    return key is not None and SentEmail.objects.filter(key=key).exists()


@contextmanager
def sending_once(template: str, recipients: list[str]):
    """`with sending_once(...) as send:` — send the message only if `send` is true."""
    from .models import SentEmail

    key = message_key(template, recipients)
    if key is None:
        yield True
        return
    try:
        with transaction.atomic():
            claim = SentEmail.objects.create(key=key)
    except IntegrityError:
        stored = SentEmail.objects.filter(key=key).first()
        if stored is not None and stored.sent_at is None:
            logger.warning(
                "E-mail %s of task %s: a worker stopped while sending it; not sent again.",
                template,
                current_task_id.get(),
            )
        yield False
        return
    try:
        yield True
    except BaseException:
        # Not sent (the mail server refused, ...): the claim goes, so that the task
        # queued again may send it.
        SentEmail.objects.filter(pk=claim.pk).delete()
        raise
    SentEmail.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
