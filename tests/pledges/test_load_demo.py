"""`manage.py load_demo` can run again and again: `make run` runs it at every start.

Apart from the demo's content tests (test_demo.py), which share one load per module.
"""

from io import StringIO

from django.apps import apps
from django.core.management import call_command

from actors.models import County, User
from followup.models import MeasureReport, Report, Round
from pledges.demo import DEMO_PASSWORD, DEMO_USERS
from pledges.models import Measure, MeasureLink, Pledge, PledgeEvent, Signatory


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_load_demo_twice_changes_no_row(db):
    load_demo()
    first = row_counts()
    assert first["pledges.Pledge"] > 0
    load_demo()
    assert row_counts() == first


def test_load_demo_twice_changes_no_content(db):
    def content():
        return (
            list(Pledge.objects.values().order_by("pk")),
            list(Measure.objects.values().order_by("pk")),
            list(MeasureLink.objects.values().order_by("pk")),
            list(Signatory.objects.values().order_by("pk")),
            list(PledgeEvent.objects.values().order_by("pk")),
            list(County.objects.values().order_by("pk")),
            list(User.objects.values().order_by("pk")),
            list(Round.objects.values().order_by("pk")),
            list(Report.objects.values().order_by("pk")),
            list(MeasureReport.objects.values().order_by("pk")),
        )

    load_demo()
    first = content()
    load_demo()
    assert content() == first


def test_load_demo_prints_the_logins(db):
    out = load_demo()
    assert DEMO_PASSWORD in out
    for user in DEMO_USERS.values():
        assert user.email in out
