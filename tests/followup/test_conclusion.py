"""A pledge is concluded when its final report is accepted; concluded, it stays public,
its reports can still be read, and no later round asks it for another."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from followup.models import Report, Round
from followup.planning import proposed_pledges
from pledges.exceptions import TransitionError
from pledges.models import Pledge, PledgeEvent
from tests import factories
from tests.factories import report_in_status
from tests.helpers import logged_in

from .report_pages import decide

S = Report.Status
P = Pledge.Status
D = datetime.date


@pytest.fixture
def final_report(final_round, pledge_a, editor_a):
    report = Report.objects.create_for(final_round, pledge_a)
    return report_in_status(S.SUBMITTED, report, editor=editor_a)


def conclusions(pledge):
    return list(
        PledgeEvent.objects.filter(pledge=pledge, to_status=P.CONCLUDED).values_list(
            "from_status", "by", "note"
        )
    )


def test_accepting_the_final_report_concludes_the_pledge(
    final_report, pledge_a, coordinator, editor_a, kronoberg
):
    second_coordinator = factories.CountyRoleFactory(county=kronoberg).user
    mail.outbox.clear()

    response = decide(logged_in(coordinator), final_report, "accept", note="Väl genomfört.")

    assert response.status_code == 302
    assert Report.objects.get(pk=final_report.pk).status == S.ACCEPTED
    pledge = Pledge.objects.get(pk=pledge_a.pk)
    assert pledge.status == P.CONCLUDED
    assert pledge.concluded_at is not None
    [(from_status, by, note)] = conclusions(pledge)
    assert (from_status, by) == (P.SIGNED, coordinator.pk)
    assert "Slutuppföljning 2027" in note
    # The people of the pledge hear of it as of any status change; the editor also
    # gets the report's own news, which says the pledge is concluded.
    by_person = {}
    for message in mail.outbox:
        [to] = message.to
        by_person.setdefault(to, []).append(message.subject)
    assert {to: sorted(subjects) for to, subjects in by_person.items()} == {
        editor_a.email: [
            f"Avslutat: miljömålslöfte {pledge}",
            "Rapporten är godkänd: Slutuppföljning 2027",
        ],
        second_coordinator.email: [f"Avslutat: miljömålslöfte {pledge}"],
    }
    [accepted] = [m for m in mail.outbox if m.subject.startswith("Rapporten är godkänd")]
    assert "Det var slutrapporten: löftet är därmed avslutat." in accepted.body
    assert settings.SITE_URL + pledge.get_absolute_url() in accepted.body


def test_the_acceptance_and_the_conclusion_are_one(final_report, pledge_a, coordinator):
    mail.outbox.clear()
    refused = TransitionError("Löftet har just ändrats av någon annan. Ladda om sidan.")
    with mock.patch.object(Pledge, "conclude", side_effect=refused):
        response = decide(logged_in(coordinator), final_report, "accept")

    assert response.status_code == 200
    assert "Löftet har just ändrats av någon annan." in response.content.decode()
    assert Report.objects.get(pk=final_report.pk).status == S.SUBMITTED
    assert Pledge.objects.get(pk=pledge_a.pk).status == P.SIGNED
    assert mail.outbox == []


def test_accepting_a_halfway_report_does_not_conclude(report, pledge_a, coordinator, editor_a):
    report_in_status(S.SUBMITTED, report, editor=editor_a)

    decide(logged_in(coordinator), report, "accept")

    assert Report.objects.get(pk=report.pk).status == S.ACCEPTED
    assert Pledge.objects.get(pk=pledge_a.pk).status == P.SIGNED
    assert conclusions(pledge_a) == []


def test_a_pledge_concluded_by_hand_is_not_concluded_again_by_its_final_report(
    final_report, pledge_a, coordinator
):
    pledge_a.conclude(by=coordinator, note="Perioden är slut.")

    decide(logged_in(coordinator), Report.objects.get(pk=final_report.pk), "accept")

    assert Report.objects.get(pk=final_report.pk).status == S.ACCEPTED
    assert conclusions(pledge_a) == [(P.SIGNED, coordinator.pk, "Perioden är slut.")]


def test_a_concluded_pledge_stays_public_with_its_follow_up(
    client, final_report, pledge_a, coordinator, editor_a
):
    decide(logged_in(coordinator), final_report, "accept")
    pledge = Pledge.objects.get(pk=pledge_a.pk)

    listing = client.get(reverse("pledges:list"))
    assert pledge.get_absolute_url() in listing.content.decode()
    detail = client.get(pledge.get_absolute_url())
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Avslutat" in html
    assert "Slutuppföljning 2027" in html  # its accepted final report
    # Its reports can still be read by the actor and the county.
    assert (
        logged_in(editor_a).get(reverse("followup:report_edit", args=[final_report.pk])).status_code
        == 200
    )
    review = logged_in(coordinator).get(reverse("followup:report_review", args=[final_report.pk]))
    assert review.status_code == 200
    assert "Rapporten är godkänd." in review.content.decode()


@pytest.mark.parametrize(
    ("kind", "due"),
    [
        (Round.Kind.HALFWAY, D(2025, 6, 30)),
        (Round.Kind.FINAL, D(2028, 3, 31)),
        (Round.Kind.ANNUAL, D(2026, 3, 31)),
        (Round.Kind.CUSTOM, D(2026, 3, 31)),
    ],
)
def test_a_concluded_pledge_is_not_proposed_for_later_rounds(
    kronoberg, actor_a, coordinator, kind, due
):
    signed = factories.signed_pledge(actor=actor_a, start_year=2023, end_year=2026)
    concluded = factories.signed_pledge(actor=actor_a, start_year=2023, end_year=2026)
    # Concluded by hand, before any final report: the coordinator ended its follow-up.
    concluded.conclude(by=coordinator, note="Uppföljningen gjordes på papper.")

    chosen = [p.pledge for p in proposed_pledges(county=kronoberg, kind=kind, due=due)]

    assert signed in chosen
    assert concluded not in chosen
