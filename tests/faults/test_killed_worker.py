"""A worker killed (SIGKILL) in the middle of a task: another worker runs the task again,
and nothing is done twice: one signed PDF, one e-mail to each person.

Real `manage.py db_worker` processes on the test database. The task is held at a
known point (FAULT_PAUSE_DIR, actors/faults.py) so that the kill lands there."""

import hashlib
import re
from pathlib import Path

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from actors.models import County
from actors.reference import load_counties
from followup.models import Report, ReportLink
from followup.tasks import send_report_invitation
from pledges.models import EnvironmentalObjective, GlobalGoal, Pledge
from pledges.reference import load_objectives_and_goals
from tests import factories

from .servers import Worker, portal_env, require_postgresql, running, test_database_url, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

# Short, so that the second worker finds the first one's task lost at once.
RECOVERY = {"TASKS_HEARTBEAT_SECONDS": 0.3, "TASKS_WORKER_TIMEOUT_SECONDS": 2}


@pytest.fixture
def database(settings):
    require_postgresql()
    # A transactional test starts from emptied tables: the reference rows again.
    load_counties(County)
    load_objectives_and_goals(EnvironmentalObjective, GlobalGoal)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def kill_at(point: str, tmp_path: Path, task_path: str) -> DBTaskResult:
    """Run a worker until the task reaches `point`, SIGKILL it there, then run another
    worker until the task is finished. The task's row, as the second worker left it."""
    pauses = tmp_path / "pauses"
    pauses.mkdir()
    hold = pauses / f"{point}.hold"
    hold.touch()
    env = portal_env(
        database_url=test_database_url(), folder=tmp_path, FAULT_PAUSE_DIR=pauses, **RECOVERY
    )
    first = Worker("worker-1", env, tmp_path)
    with running(first):
        wait_for((pauses / f"{point}.reached").exists, timeout=90, what=point, processes=[first])
        first.kill()
    task = DBTaskResult.objects.get(task_path=task_path)
    assert task.status == TaskResultStatus.RUNNING  # as django-tasks-db leaves it
    hold.unlink()
    second = Worker("worker-2", env, tmp_path)
    with running(second):
        wait_for(
            lambda: (
                DBTaskResult.objects.get(pk=task.pk).status
                in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
            ),
            timeout=90,
            what="the task run again",
            processes=[second],
        )
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL, task.traceback
    assert task.worker_ids == ["worker-1", "worker-2"]
    return task


def test_a_signed_pdf_is_stored_once_when_its_worker_is_killed(database, tmp_path):
    pledge = factories.pledge_in_status(Pledge.Status.APPROVED)
    version = factories.sign_on_paper(
        pledge, by=factories.CountyRoleFactory(county=pledge.county).user
    )
    signed = tmp_path / "media" / "signed"

    # Killed after the file is written and before the version records it.
    kill_at("signed-pdf-saved", tmp_path, "pledges.tasks.render_signed_pdf")

    version.refresh_from_db()
    assert version.rendered_at is not None
    files = sorted(signed.iterdir())  # hidden partial files too
    assert [f.name for f in files] == [Path(version.pdf.name).name]
    data = files[0].read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert hashlib.sha256(data).hexdigest() == version.sha256
    assert version.pdf_size == len(data)


def test_each_email_is_sent_once_when_the_worker_is_killed_between_two(database, tmp_path):
    actor = factories.ActorFactory(county=factories.county("07"))
    editors = [factories.MembershipFactory(actor=actor).user for _ in range(2)]
    pledge = factories.signed_pledge(actor=actor, start_year=2023, end_year=2026)
    report = Report.objects.create_for(factories.make_round(pledge.county), pledge)
    send_report_invitation.enqueue(report_id=report.pk)

    # Killed after the first of the two invitations went out.
    kill_at("email-sent", tmp_path, "followup.tasks.send_report_invitation")

    mail = "".join(path.read_text() for path in (tmp_path / "mail").iterdir())
    recipients = re.findall(r"^To: (.+)$", mail, re.MULTILINE)
    assert sorted(recipients) == sorted(editor.email for editor in editors)
    # One link each: the rerun made none for the one it had already written to.
    assert sorted(ReportLink.objects.values_list("email", flat=True)) == sorted(recipients)
