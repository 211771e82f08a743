"""Tasks whose worker died are run again (django-tasks-db leaves them RUNNING).

Every `manage.py db_worker` (config/management/commands/db_worker.py) writes a
heartbeat row when it starts and every TASKS_HEARTBEAT_SECONDS from a thread of its
own, and then puts back in the queue the running tasks whose worker has written none
for TASKS_WORKER_TIMEOUT_SECONDS: a worker killed in the middle of a task (SIGKILL,
out of memory, a machine gone) leaves its task to the others. A task that has been
claimed TASKS_MAX_ATTEMPTS times without finishing is marked failed instead: it is
what kills its workers.

The tasks themselves are written to be run again: a signed PDF is rendered once
(pledges/tasks.py), an e-mail is sent once per task (actors/outbox.py).
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

LOST = "config.worker.WorkerLost"


class WorkerLost(Exception):
    """The worker running the task stopped without finishing it, too many times."""


def beat(worker_id: str, task_id: str = "") -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"beat_at": timezone.now(), "task_id": task_id}
    )


def recover_lost_tasks() -> int:
    """Put back in the queue the running tasks whose worker is silent; the number."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.TASKS_WORKER_TIMEOUT_SECONDS)
    # What each live worker runs. A task claimed longer ago than the timeout is in its
    # worker's every beat since: one that names another task is not running it.
    running_now = dict(
        WorkerHeartbeat.objects.filter(beat_at__gte=cutoff).values_list("worker_id", "task_id")
    )
    recovered = 0
    with transaction.atomic():
        # Locked, and skipped if another worker is recovering them at the same moment.
        running = (
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .order_by()
        )
        for task in running:
            if task.worker_ids and running_now.get(task.worker_ids[-1]) == str(task.pk):
                continue  # long, but its worker is alive and on it
            if len(task.worker_ids) >= settings.TASKS_MAX_ATTEMPTS:
                task.status = TaskResultStatus.FAILED
                task.finished_at = now
                task.exception_class_path = LOST
                task.traceback = (
                    f"{LOST}: the workers {', '.join(task.worker_ids)} stopped without "
                    "finishing the task.\n"
                )
                task.save(update_fields=["status", "finished_at", "exception_class_path",
                                         "traceback"])  # fmt: skip
                logger.error("Task %s (%s) failed: its workers died.", task.pk, task.task_path)
            else:
                task.status = TaskResultStatus.READY
                task.save(update_fields=["status"])
                logger.warning(
                    "Task %s (%s) queued again: worker %s stopped while running it.",
                    task.pk,
                    task.task_path,
                    task.worker_ids[-1] if task.worker_ids else "?",
                )
            recovered += 1
        # The rows of workers long gone.
        WorkerHeartbeat.objects.filter(beat_at__lt=now - datetime.timedelta(days=1)).delete()
    return recovered


def check(worker_id: str, task_id: str = "") -> None:
    """One heartbeat and one look for lost tasks; a database that does not answer now
    (restarted, failed over) is tried again at the next beat."""
    try:
        beat(worker_id, task_id)
        recover_lost_tasks()
    except Exception:  # noqa: BLE001  (the worker carries on; the next beat tries again)
        logger.warning("Worker %s: heartbeat failed.", worker_id, exc_info=True)
        connection.close()


class Heartbeat(threading.Thread):
    """The worker's heartbeat, from a thread: a task that renders for minutes does not
    make its worker look dead."""

    def __init__(self, worker_id: str):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.task_id = ""  # set by the worker around each task
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(settings.TASKS_HEARTBEAT_SECONDS):
                check(self.worker_id, self.task_id)
        finally:
            connection.close()  # this thread's own connection

    def stop(self):
        self.stopped.set()
        self.join(timeout=5)
