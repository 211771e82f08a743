from django.db import models


class WorkerHeartbeat(models.Model):
    """The last sign of life of one task worker (`manage.py db_worker`).

    django-tasks-db marks a task RUNNING when a worker claims it and leaves it so if
    that worker dies (killed, out of memory, the machine lost): nothing would ever run
    it again. Each worker writes its row every TASKS_HEARTBEAT_SECONDS; a running task
    whose worker has been silent for TASKS_WORKER_TIMEOUT_SECONDS, or says it runs
    another, is put back in the queue by the next worker that looks (config/worker.py)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    beat_at = models.DateTimeField()
    # The task it is running at that beat ("" between tasks): a task left RUNNING by a
    # worker that lives on (its result could not be written: the database was away)
    # is lost too.
    task_id = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return self.worker_id
