"""Moving a pledge through its workflow from the editor page, and the e-mail it sends
to the other side."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from pledges.models import Pledge, PledgeEvent
from tests import factories
from tests.helpers import messages_of
from tests.html import by_id, text

from .editor_pages import stored

S = Pledge.Status


def transition(client, pledge, action, note="", revision=None):
    return client.post(
        reverse("pledges:transition", args=[pledge.pk]),
        {
            "action": action,
            "note": note,
            "revision": pledge.revision if revision is None else revision,
        },
    )


def status_events(pledge):
    return list(
        PledgeEvent.objects.filter(pledge=pledge, kind=PledgeEvent.Kind.STATUS)
        .order_by("pk")
        .values_list("from_status", "to_status", "by", "note")
    )


def editor_url(pledge):
    return settings.SITE_URL + reverse("pledges:edit", args=[pledge.pk])


def test_the_actors_editor_submits_and_the_coordinators_hear_of_it(
    client, editor_a, editor_b, coordinator, other_coordinator, actor_a, kronoberg
):
    second_coordinator = factories.CountyRoleFactory(county=kronoberg).user
    retired = factories.CountyRoleFactory(county=kronoberg, user__is_active=False).user
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
    client.force_login(editor_a)

    response = transition(client, pledge, "submit", note="Klart för granskning, se åtgärd 2.")

    assert response.status_code == 302
    assert response.url == reverse("pledges:edit", args=[pledge.pk])
    assert Pledge.objects.get(pk=pledge.pk).status == S.IN_REVIEW
    assert status_events(pledge) == [
        (S.DRAFT, S.IN_REVIEW, editor_a.pk, "Klart för granskning, se åtgärd 2.")
    ]
    assert "Löftet har nu status ”Under granskning”." in messages_of(response)
    # One message per person: nobody sees the other recipients' addresses.
    assert sorted(tuple(email.to) for email in mail.outbox) == sorted(
        [(coordinator.email,), (second_coordinator.email,)]
    )
    for outsider in (editor_a, editor_b, other_coordinator, retired):
        assert all(outsider.email not in email.to for email in mail.outbox)
    for email in mail.outbox:
        assert email.subject == f"Att granska: miljömålslöfte {pledge}"
        assert "Klart för granskning, se åtgärd 2." in email.body
        assert editor_url(pledge) in email.body
        assert str(editor_a) in email.body


def test_an_incomplete_pledge_cannot_be_submitted_and_the_editor_says_why(
    client, editor_a, coordinator, actor_a
):
    pledge = factories.PledgeFactory(actor=actor_a)
    client.force_login(editor_a)
    before = stored(pledge)

    response = transition(client, pledge, "submit")

    problems = [
        "Löftet har ingen åtgärd från aktören.",
        "Löftet har inga åtaganden från länsstyrelsen.",
        "Ange vem som undertecknar för aktören.",
        "Ange vem som undertecknar för länsstyrelsen.",
    ]
    assert response.status_code == 302
    assert messages_of(response) == [" ".join(problems)]
    assert stored(pledge) == before
    assert mail.outbox == []
    editor = client.get(reverse("pledges:edit", args=[pledge.pk]))
    listed = text(by_id(editor, "editor"))
    assert "Innan löftet kan skickas för granskning:" in listed
    for problem in problems:
        assert problem in listed


def test_the_coordinator_approves_and_the_actors_editors_hear_of_it(
    client, coordinator, editor_a, editor_b, actor_a
):
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    client.force_login(coordinator)

    response = transition(client, pledge, "approve")

    assert response.status_code == 302
    stored_pledge = Pledge.objects.get(pk=pledge.pk)
    assert stored_pledge.status == S.APPROVED
    assert stored_pledge.approved_at is not None
    assert status_events(pledge)[-1] == (S.IN_REVIEW, S.APPROVED, coordinator.pk, "")
    [email] = mail.outbox
    assert email.to == [editor_a.email]
    assert email.subject == f"Godkänt för undertecknande: miljömålslöfte {pledge}"
    assert editor_url(pledge) in email.body


def test_sending_back_to_draft_needs_a_comment(client, coordinator, actor_a):
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    client.force_login(coordinator)
    before = stored(pledge)

    response = transition(client, pledge, "return", note="   ")

    assert response.status_code == 302
    assert messages_of(response) == ["Skriv en kommentar om vad som behöver ändras."]
    assert stored(pledge) == before
    assert mail.outbox == []


def test_sending_back_to_draft_with_a_comment_tells_the_actor(
    client, coordinator, editor_a, actor_a
):
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    client.force_login(coordinator)

    transition(client, pledge, "return", note="Åtgärd 2 behöver ett mätbart mål.")

    assert Pledge.objects.get(pk=pledge.pk).status == S.DRAFT
    assert status_events(pledge)[-1] == (
        S.IN_REVIEW,
        S.DRAFT,
        coordinator.pk,
        "Åtgärd 2 behöver ett mätbart mål.",
    )
    [email] = mail.outbox
    assert email.to == [editor_a.email]
    assert email.subject.startswith("Tillbaka till utkast:")
    assert "Åtgärd 2 behöver ett mätbart mål." in email.body


@pytest.mark.parametrize(
    ("status", "action"), [(S.IN_REVIEW, "approve"), (S.DRAFT, "withdraw"), (S.IN_REVIEW, "return")]
)
def test_the_actors_editor_may_not_approve_withdraw_or_send_back(
    client, editor_a, actor_a, status, action
):
    pledge = factories.pledge_in_status(status, actor=actor_a)
    client.force_login(editor_a)
    before = stored(pledge)

    response = transition(client, pledge, action, note="Jag vill själv.")

    assert response.status_code == 403
    assert stored(pledge) == before
    assert mail.outbox == []


def test_the_coordinator_withdraws_a_pledge(client, coordinator, editor_a, actor_a):
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
    client.force_login(coordinator)

    transition(client, pledge, "withdraw", note="Aktören har gått i konkurs.")

    stored_pledge = Pledge.objects.get(pk=pledge.pk)
    assert stored_pledge.status == S.WITHDRAWN
    assert stored_pledge.withdrawn_at is not None
    [email] = mail.outbox
    assert email.to == [editor_a.email]
    assert "Aktören har gått i konkurs." in email.body


def test_a_move_from_a_page_read_before_a_save_is_refused(client, coordinator, editor_a, actor_a):
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    read_at = pledge.revision
    # Someone corrects the text after the coordinator opened the page.
    pledge.claim_revision(read_at)
    client.force_login(coordinator)
    before = stored(pledge)

    response = transition(client, pledge, "approve", revision=read_at)

    assert response.status_code == 302
    assert messages_of(response) == [
        "Löftet har ändrats sedan du öppnade det. Läs igenom det igen innan du går vidare."
    ]
    assert stored(pledge) == before
    assert mail.outbox == []


@pytest.mark.parametrize("outsider", ["other_coordinator", "editor_b"])
def test_outsiders_cannot_move_the_pledge(as_user, client, actor_a, outsider):
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    as_user(outsider)
    before = stored(pledge)

    response = transition(client, pledge, "approve")

    assert response.status_code == 404
    assert stored(pledge) == before
    assert mail.outbox == []


def test_an_unknown_action_changes_nothing(client, coordinator, actor_a):
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    client.force_login(coordinator)
    before = stored(pledge)

    response = transition(client, pledge, "sign")

    assert messages_of(response) == ["Okänd åtgärd."]
    assert stored(pledge) == before


@pytest.mark.parametrize(
    ("who", "status", "offered"),
    [
        ("editor_a", S.DRAFT, ["submit"]),
        ("editor_a", S.IN_REVIEW, []),
        ("editor_a", S.APPROVED, []),
        ("coordinator", S.DRAFT, ["submit", "withdraw"]),
        ("coordinator", S.IN_REVIEW, ["approve", "return", "withdraw"]),
        ("coordinator", S.APPROVED, ["return", "withdraw"]),
        ("editor_a", S.SIGNED, []),
        ("coordinator", S.SIGNED, ["conclude", "withdraw"]),
        ("national_admin", S.SIGNED, ["conclude", "withdraw"]),
        ("coordinator", S.WITHDRAWN, []),
        ("national_admin", S.DRAFT, ["submit", "withdraw"]),
        ("national_admin", S.IN_REVIEW, ["approve", "return", "withdraw"]),
        ("national_admin", S.CONCLUDED, []),
    ],
)
def test_the_editor_offers_the_moves_the_person_may_make_now(
    as_user, client, actor_a, who, status, offered
):
    pledge = factories.pledge_in_status(status, actor=actor_a)
    as_user(who)

    response = client.get(reverse("pledges:edit", args=[pledge.pk]))

    assert [action for action, _label in response.context["actions"]] == offered
    workflow = text(by_id(response, "workflow-heading"))
    assert bool(workflow) == bool(offered)


def test_the_e_mails_link_is_on_the_site_url_whatever_host_the_request_came_to(
    client, settings, coordinator, editor_a, actor_a
):
    settings.SITE_URL = "https://miljomal.example.se"
    settings.ALLOWED_HOSTS = ["internal-node-3", "testserver"]
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    client.force_login(coordinator)

    client.post(
        reverse("pledges:transition", args=[pledge.pk]),
        {"action": "approve", "note": "", "revision": pledge.revision},
        HTTP_HOST="internal-node-3",
    )

    [email] = mail.outbox
    assert "https://miljomal.example.se" + reverse("pledges:edit", args=[pledge.pk]) in email.body
    assert "internal-node-3" not in email.body
