"""django-tasks-db's worker, with a heartbeat: a task whose worker died is run again.

Same command, same options (`manage.py db_worker --help`); config is listed before
django_tasks_db in INSTALLED_APPS so that this one is found. See config/worker.py.
"""

import logging
import os
import time

from django.db import InterfaceError, OperationalError, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from actors.outbox import current_task_id

from ... import worker as recovery

logger = logging.getLogger("config.worker")


class Worker(db_worker.Worker):
    heartbeat = None

    def run(self):
        # Before the first claim: tasks left by a dead worker are ready again.
        recovery.check(self.worker_id)
        # A batch (`--batch`: a run by hand, the tests) beats once, here: it ends when
        # the queue is empty, and a batch task longer than the timeout may be taken
        # for lost by a running worker.
        if not self.batch:
            self.heartbeat = recovery.Heartbeat(self.worker_id)
            self.heartbeat.start()
        try:
            while True:
                try:
                    return super().run()
                except (OperationalError, InterfaceError):
                    # The database went away (restarted, failed over): django-tasks-db's
                    # loop gives up; this one waits for it. A task whose result could
                    # not be written is queued again by the heartbeat's recovery.
                    logger.warning("Worker %s: the database does not answer.", self.worker_id,
                                   exc_info=True)  # fmt: skip
                    connection.close()
                    time.sleep(max(self.interval, 1))
                    if not self.running:
                        return None
        finally:
            if self.heartbeat is not None:
                self.heartbeat.stop()

    def run_task(self, db_task_result):
        token = current_task_id.set(str(db_task_result.pk))
        if self.heartbeat is not None:
            self.heartbeat.task_id = str(db_task_result.pk)
        try:
            super().run_task(db_task_result)
        finally:
            current_task_id.reset(token)
            if self.heartbeat is not None:
                self.heartbeat.task_id = ""


class Command(db_worker.Command):
    help = (
        "Runs the database task worker. Its heartbeat row says it is alive; the running "
        "tasks of a worker silent for TASKS_WORKER_TIMEOUT_SECONDS are queued again."
    )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        # django_tasks_db's handle(), with this module's Worker.
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
