import datetime

import pytest

from followup.models import MeasureReport, Report, Round
from pledges.models import EnvironmentalObjective, GlobalGoal, Pledge, Signatory
from tests import factories
from tests.factories import fill, make_round


def sign(pledge):
    """Take a draft through the workflow to signed, as tests/factories.py does."""
    pledge.submit_for_review(by=None)
    pledge.approve(by=None)
    for signatory in pledge.signatories.all():
        signatory.record_signature(method=Signatory.Method.PORTAL)
    pledge.mark_signed()
    return pledge


@pytest.fixture
def world(kronoberg, kalmar, actor_a, actor_b, editor_a, coordinator):
    """What the API may show beside what it never may.

    Actor A: a signed pledge (signatories with addresses) whose actor measure serves
    programme measure 36, with an accepted halfway report and a submitted annual one.
    Actor B: only a draft and a pledge in review. Kalmar: a concluded pledge."""
    pm = factories.ProgrammeMeasureFactory(
        theme__programme__county=kronoberg, theme__name="Klimat och energi", number="36"
    )
    pm.objectives.add(EnvironmentalObjective.objects.get(number=1))
    pm.global_goals.add(GlobalGoal.objects.get(number=7))
    signed = factories.pledge_in_status(
        Pledge.Status.DRAFT, actor=actor_a, introduction="Vi tar tillvara restvärme."
    )
    signed.signatories.update(email="vd@aktor-a.se")
    actor_measure = signed.measures.get(party="actor")
    factories.MeasureLinkFactory(measure=actor_measure, programme_measure=pm, is_primary=True)
    sign(signed)

    halfway = make_round(kronoberg, Round.Kind.HALFWAY, datetime.date(2025, 6, 30))
    accepted = Report.objects.create_for(halfway, signed)
    accepted.save_draft(by=editor_a, expected_revision=accepted.revision)
    fill(accepted, MeasureReport.Status.STARTED, comment="Vi har börjat.")
    accepted.submit(by=editor_a)
    accepted.accept(by=coordinator)
    annual = make_round(kronoberg, Round.Kind.ANNUAL, datetime.date(2026, 3, 31))
    submitted = Report.objects.create_for(annual, signed)
    submitted.save_draft(by=editor_a, expected_revision=submitted.revision)
    fill(submitted, MeasureReport.Status.DONE, comment="Hemligt utkast.")
    submitted.submit(by=editor_a)

    draft = factories.pledge_in_status(
        Pledge.Status.DRAFT, actor=actor_b, introduction="Utkast om flygbränsle."
    )
    in_review = factories.pledge_in_status(Pledge.Status.IN_REVIEW, actor=actor_b)
    kalmar_actor = factories.ActorFactory(county=kalmar, name="Kalmar kommun", kind="municipality")
    concluded = factories.pledge_in_status(Pledge.Status.CONCLUDED, actor=kalmar_actor)
    return {
        "pm": pm,
        "signed": signed,
        "concluded": concluded,
        "draft": draft,
        "in_review": in_review,
        "accepted": accepted,
        "submitted": submitted,
        "halfway": halfway,
    }
