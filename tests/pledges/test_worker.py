"""The signed PDF is rendered by a real `manage.py db_worker` from the database queue,
and it is the same bytes as rendering the version directly."""

import pytest
from django.core.management import call_command

from actors.models import County
from actors.reference import load_counties
from pledges.models import EnvironmentalObjective, GlobalGoal, Pledge, SignedVersion
from pledges.pdf import render_pledge_pdf
from pledges.reference import load_objectives_and_goals
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_db_worker_renders_the_signed_pdf(settings, media):
    # A transactional test starts from flushed tables: the reference rows again.
    load_counties(County)
    load_objectives_and_goals(EnvironmentalObjective, GlobalGoal)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    pledge = factories.pledge_in_status(Pledge.Status.APPROVED)
    factories.sign_on_paper(pledge, by=factories.CountyRoleFactory(county=pledge.county).user)
    version = SignedVersion.objects.get(pledge=pledge)
    assert version.rendered_at is None  # queued in the database, nothing rendered yet

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    version.refresh_from_db()
    assert version.rendered_at is not None
    assert version.pdf.read() == render_pledge_pdf(version)
