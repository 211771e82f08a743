"""A task whose worker died is queued again, and what it did before is not done twice
(config/worker.py, actors/outbox.py, config/storage.py). tests/faults/ does the same with
real workers killed in the middle; these are the rules, one at a time."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from actors.models import SentEmail
from actors.outbox import current_task_id
from actors.tasks import render_and_send, send_templated_email
from config.models import WorkerHeartbeat
from config.storage import AtomicFileSystemStorage
from config.worker import LOST, recover_lost_tasks

TEMPLATE = "pledges/email/signing_link"
CONTEXT = {"name": "Anna", "pledge": "Löftet", "board": "Länsstyrelsen", "url": "https://x.se/"}


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_WORKER_TIMEOUT_SECONDS = 60
    settings.TASKS_MAX_ATTEMPTS = 3


def running_task(*, workers, seconds_ago):
    """A task claimed by `workers` (the last one runs it) `seconds_ago`."""
    result = send_templated_email.enqueue(to=["anna@example.org"], template=TEMPLATE,
                                          context=CONTEXT)  # fmt: skip
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(seconds=seconds_ago),
        worker_ids=workers,
    )
    return DBTaskResult.objects.get(pk=result.id)


def heartbeat(worker, *, seconds_ago, task=None):
    WorkerHeartbeat.objects.create(
        worker_id=worker,
        beat_at=timezone.now() - datetime.timedelta(seconds=seconds_ago),
        task_id=str(task.pk) if task else "",
    )


def status(task):
    task.refresh_from_db()
    return task.status


@pytest.mark.django_db
def test_the_task_of_a_silent_worker_is_queued_again(queue, caplog):
    task = running_task(workers=["dead"], seconds_ago=300)
    heartbeat("dead", seconds_ago=200, task=task)
    with caplog.at_level(logging.WARNING, logger="config.worker"):
        assert recover_lost_tasks() == 1
    assert status(task) == TaskResultStatus.READY
    assert "queued again" in caplog.text


@pytest.mark.django_db
def test_a_worker_that_never_beat_is_silent(queue):
    task = running_task(workers=["old-style"], seconds_ago=300)
    recover_lost_tasks()
    assert status(task) == TaskResultStatus.READY


@pytest.mark.django_db
def test_a_long_task_of_a_live_worker_is_left_alone(queue):
    task = running_task(workers=["busy"], seconds_ago=600)
    heartbeat("busy", seconds_ago=5, task=task)
    assert recover_lost_tasks() == 0
    assert status(task) == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_its_live_worker_no_longer_runs_is_queued_again(queue):
    # Its result could not be written (the database was away), and the worker went on.
    task = running_task(workers=["survivor"], seconds_ago=300)
    heartbeat("survivor", seconds_ago=5, task=None)
    recover_lost_tasks()
    assert status(task) == TaskResultStatus.READY


@pytest.mark.django_db
def test_a_task_claimed_a_moment_ago_is_not_taken_for_lost(queue):
    task = running_task(workers=["new"], seconds_ago=10)
    assert recover_lost_tasks() == 0
    assert status(task) == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_that_kills_every_worker_fails_at_last(queue):
    task = running_task(workers=["w1", "w2", "w3"], seconds_ago=300)
    recover_lost_tasks()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == LOST
    assert "w1, w2, w3" in task.traceback


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_lost_task_and_records_its_own_heartbeat(queue):
    task = running_task(workers=["dead"], seconds_ago=300)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload",
                 "--worker-id", "next", verbosity=0)  # fmt: skip
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["dead", "next"]
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert WorkerHeartbeat.objects.filter(worker_id="next").exists()


@pytest.mark.django_db
def test_a_task_run_again_sends_each_email_once():
    token = current_task_id.set("task-1")
    try:
        assert render_and_send(to=["anna@example.org"], template=TEMPLATE, context=CONTEXT)
        assert not render_and_send(to=["anna@example.org"], template=TEMPLATE, context=CONTEXT)
        # Another message of the same run is another key.
        assert render_and_send(to=["bo@example.org"], template=TEMPLATE, context=CONTEXT)
    finally:
        current_task_id.reset(token)
    assert [m.to for m in mail.outbox] == [["anna@example.org"], ["bo@example.org"]]
    assert SentEmail.objects.filter(sent_at__isnull=False).count() == 2
    # Another run of the task (queued twice on purpose) is another e-mail.
    token = current_task_id.set("task-2")
    try:
        assert render_and_send(to=["anna@example.org"], template=TEMPLATE, context=CONTEXT)
    finally:
        current_task_id.reset(token)
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_outside_a_worker_nothing_is_recorded():
    render_and_send(to=["anna@example.org"], template=TEMPLATE, context=CONTEXT)
    render_and_send(to=["anna@example.org"], template=TEMPLATE, context=CONTEXT)
    assert len(mail.outbox) == 2
    assert not SentEmail.objects.exists()


@pytest.mark.django_db
def test_an_email_the_server_refused_may_be_sent_by_the_next_run(settings):
    settings.EMAIL_BACKEND = "tests.test_task_recovery.RefusingBackend"
    token = current_task_id.set("task-1")
    try:
        with pytest.raises(ConnectionRefusedError):
            render_and_send(to=["anna@example.org"], template=TEMPLATE, context=CONTEXT)
        assert not SentEmail.objects.exists()
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert render_and_send(to=["anna@example.org"], template=TEMPLATE, context=CONTEXT)
    finally:
        current_task_id.reset(token)


class RefusingBackend:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError


class Broken(ContentFile):
    """A file whose reading fails half-way, as a process dying while writing it."""

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.7 half"
        raise OSError("gone")


def test_a_file_is_stored_whole_or_not_at_all(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    with pytest.raises(OSError, match="gone"):
        storage.save("signed/a.pdf", Broken(b""))
    assert not storage.exists("signed/a.pdf")
    assert list((tmp_path / "signed").iterdir()) == []  # no partial file either

    assert storage.save("signed/a.pdf", ContentFile(b"%PDF whole")) == "signed/a.pdf"
    assert (tmp_path / "signed" / "a.pdf").read_bytes() == b"%PDF whole"
    # An existing name is never overwritten: the next file gets another.
    second = storage.save("signed/a.pdf", ContentFile(b"%PDF other"))
    assert second != "signed/a.pdf"
    assert (tmp_path / "signed" / "a.pdf").read_bytes() == b"%PDF whole"
    assert sorted(p.name for p in (tmp_path / "signed").iterdir()) == sorted(
        ["a.pdf", second.removeprefix("signed/")]
    )
