"""A coordinator concludes a signed pledge by hand, with a comment, from its workspace
page; nobody else can, and the people of the pledge hear of it."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from pledges.models import Pledge, PledgeEvent
from tests import factories
from tests.helpers import CAST, messages_of
from tests.html import by_id, text

from .editor_pages import stored

S = Pledge.Status
MAY_CONCLUDE = {"coordinator", "national_admin"}


@pytest.fixture
def signed(actor_a, editor_a, coordinator):
    return factories.signed_pledge(actor=actor_a)


def conclude(client, pledge, note="Perioden är slut och uppföljningen klar."):
    return client.post(
        reverse("pledges:transition", args=[pledge.pk]),
        {"action": "conclude", "note": note, "revision": pledge.revision},
    )


@pytest.mark.parametrize("who", CAST)
def test_only_the_countys_coordinators_and_the_national_admin_may_conclude(
    request, as_user, client, signed, who
):
    as_user(who)
    before = stored(signed)

    response = conclude(client, signed)

    if who in MAY_CONCLUDE:
        assert response.status_code == 302
        assert messages_of(response) == ["Löftet har nu status ”Avslutat”."]
        pledge = Pledge.objects.get(pk=signed.pk)
        assert pledge.status == S.CONCLUDED
        assert pledge.concluded_at is not None
        event = PledgeEvent.objects.get(pledge=signed, to_status=S.CONCLUDED)
        assert (event.from_status, event.by, event.note) == (
            S.SIGNED,
            request.getfixturevalue(who),
            "Perioden är slut och uppföljningen klar.",
        )
        return
    expected = {"anonymous": 302, "editor_a": 403}.get(who, 404)
    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    assert stored(signed) == before
    assert mail.outbox == []


@pytest.mark.parametrize("who", CAST)
def test_the_conclude_form_is_offered_to_those_who_may_use_it(as_user, client, signed, who):
    as_user(who)

    response = client.get(reverse("pledges:edit", args=[signed.pk]))

    if who == "anonymous":
        assert response.status_code == 302
        return
    if who in ("editor_b", "other_coordinator"):
        assert response.status_code == 404
        return
    assert response.status_code == 200
    offered = [action for action, _label in response.context["actions"]]
    assert ("conclude" in offered) == (who in MAY_CONCLUDE)
    form = by_id(response, "note-conclude")
    assert (form is not None) == (who in MAY_CONCLUDE)
    if form is not None:
        assert "required" in dict(form.attributes)
        workflow = text(by_id(response, "editor-workflow"))
        assert "Varför avslutas löftet? (krävs)" in workflow
        assert "Avsluta löftet" in workflow


def test_concluding_needs_a_comment(client, coordinator, signed):
    client.force_login(coordinator)
    before = stored(signed)

    response = conclude(client, signed, note="  ")

    assert response.status_code == 302
    assert messages_of(response) == ["Skriv varför löftet avslutas."]
    assert stored(signed) == before
    assert mail.outbox == []


@pytest.mark.parametrize("status", [S.DRAFT, S.IN_REVIEW, S.APPROVED, S.CONCLUDED, S.WITHDRAWN])
def test_only_a_signed_pledge_can_be_concluded(client, coordinator, actor_a, status):
    pledge = factories.pledge_in_status(status, actor=actor_a)
    client.force_login(coordinator)
    before = stored(pledge)

    response = conclude(client, pledge)

    assert response.status_code == 403
    assert stored(pledge) == before


def test_the_people_of_the_pledge_hear_of_the_conclusion(
    client, kronoberg, coordinator, editor_a, editor_b, other_coordinator, signed
):
    second_coordinator = factories.CountyRoleFactory(county=kronoberg).user
    retired = factories.MembershipFactory(actor=signed.actor, user__is_active=False).user
    client.force_login(coordinator)
    mail.outbox.clear()

    conclude(client, signed, note="Alla åtgärder är genomförda.")

    pledge = Pledge.objects.get(pk=signed.pk)
    assert sorted(tuple(m.to) for m in mail.outbox) == sorted(
        [(editor_a.email,), (second_coordinator.email,)]
    )
    for message in mail.outbox:
        assert message.subject == f"Avslutat: miljömålslöfte {pledge}"
        assert "Alla åtgärder är genomförda." in message.body
        assert settings.SITE_URL + reverse("pledges:edit", args=[pledge.pk]) in message.body
    for outsider in (coordinator, editor_b, other_coordinator, retired):
        assert all(outsider.email not in m.to for m in mail.outbox)
