"""An existing account joins an actor only when its owner says yes; some accounts never do."""

import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors.models import Invitation, Membership, User
from tests import factories

from .actor_pages import invite

# The session, the user, their roles and permissions, the second factor (the session's,
# the account's app and its recovery codes), the invitations; the session saved.
ACCOUNT_PAGE_QUERIES = 12
# The actor page: session, user, the second factor, roles, permissions, the actor, its
# members and invitations, …
ACTOR_PAGE_QUERIES = 11
ANSWER_LINK = re.compile(r"http://testserver(/konto/inbjudan/\?token=[\w:%-]+)")


def answer_link(message) -> str:
    match = ANSWER_LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def token_of(link: str) -> str:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(link).query)["token"][0]


@pytest.fixture
def owner(kalmar):
    """Someone with an account already: an editor of an actor in another county."""
    return factories.MembershipFactory(actor=factories.ActorFactory(county=kalmar)).user


@pytest.fixture
def invitation(client, coordinator, actor_a, owner):
    """Kronoberg's coordinator asks `owner` to be actor A's editor; the e-mailed link."""
    client.force_login(coordinator)
    assert invite(client, actor_a, email=owner.email).status_code == 302
    client.logout()
    (message,) = mail.outbox
    mail.outbox.clear()
    return answer_link(message)


def is_member(user, actor, role="editor"):
    return Membership.objects.filter(user=user, actor=actor, role=role).exists()


# Inviting.


@pytest.mark.parametrize(
    "who", ["anonymous", "editor_b", "other_coordinator", "coordinator", "national_admin"]
)
def test_who_may_invite_to_an_actor(client, actor_a, owner, who, as_user):
    as_user(who)
    response = invite(client, actor_a, email=owner.email)
    allowed = who in ("coordinator", "national_admin")
    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    elif not allowed:
        assert response.status_code == 404
    else:
        assert response.status_code == 302
    assert Invitation.objects.filter(user=owner, actor=actor_a).exists() == allowed
    assert not is_member(owner, actor_a)
    assert len(mail.outbox) == (1 if allowed else 0)


def test_an_existing_account_gets_a_question_and_the_coordinator_sees_it_pending(
    client, coordinator, actor_a, owner
):
    client.force_login(coordinator)
    response = invite(client, actor_a, email=owner.email.upper(), role="signatory")
    page = client.get(response.url).content.decode()
    assert f"{owner.email} har redan ett konto i portalen" in page
    assert "blir det när hen har tackat ja" in page
    assert "Väntar på svar" in page

    invitation = Invitation.objects.get()
    assert (invitation.user, invitation.actor, invitation.role) == (owner, actor_a, "signatory")
    assert invitation.invited_by == coordinator
    assert invitation.is_pending
    assert not is_member(owner, actor_a, "signatory")

    (message,) = mail.outbox
    assert message.to == [owner.email]
    assert "Aktör A AB" in message.subject
    assert "firmatecknare för Aktör A AB" in message.body
    assert "Länsstyrelsen i Kronobergs län" in message.body
    assert "tackat ja" in message.body
    assert "http://testserver/konto/losenord/" in message.body
    assert "&" not in message.body.replace(answer_link(message), "")


def test_asking_again_sends_the_same_question_again(client, coordinator, actor_a, owner):
    client.force_login(coordinator)
    invite(client, actor_a, email=owner.email)
    invite(client, actor_a, email=owner.email)
    assert Invitation.objects.count() == 1
    assert [m.to for m in mail.outbox] == [[owner.email], [owner.email]]


def test_the_e_mail_goes_through_the_task_queue_with_ids_only(
    client, settings, coordinator, actor_a, owner
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(coordinator)
    invite(client, actor_a, email=owner.email)
    (result,) = default_task_backend.results
    assert result.task.name == "send_invitation_request"
    assert result.kwargs == {"invitation_id": Invitation.objects.get().pk, "language": "sv"}
    assert mail.outbox == []


@pytest.fixture
def staff_member(db):
    return factories.UserFactory(is_staff=True)


@pytest.mark.parametrize("inviter", ["coordinator", "national_admin"])
@pytest.mark.parametrize(
    "invited", ["national_admin", "other_coordinator", "coordinator", "staff_member"]
)
def test_staff_and_coordinators_are_never_invited(
    client, as_user, actor_a, inviter, invited, request
):
    person = request.getfixturevalue(invited)
    as_user(inviter)
    response = invite(client, actor_a, email=person.email.upper(), full_name="Någon Annan")
    assert response.status_code == 200
    (error,) = response.context["form"].errors["email"]
    assert "miljömålssamordnare eller en administratör" in error
    page = response.content.decode()
    assert "kan inte företräda aktörer" in page
    # What was typed is kept.
    assert 'value="Någon Annan"' in page
    assert not Invitation.objects.exists()
    assert not Membership.objects.filter(user=person).exists()
    assert mail.outbox == []


def test_a_membership_of_a_staff_account_does_not_validate(national_admin, actor_a):
    membership = Membership(user=national_admin, actor=actor_a, role="editor")
    with pytest.raises(ValidationError) as refused:
        membership.full_clean()
    assert "kan inte företräda aktörer" in str(refused.value)


# Answering through the e-mailed link.


def test_the_link_asks_first_and_yes_makes_the_membership(client, invitation, actor_a, owner):
    # A mail server's link scanner fetches the link before the person does.
    for _ in range(2):
        response = client.get(invitation)
        assert response.status_code == 200
    page = response.content.decode()
    assert owner.email in page and "Aktör A AB" in page
    assert 'method="post"' in page
    assert response["Cache-Control"].startswith("max-age=0")
    assert not is_member(owner, actor_a)

    response = client.post(
        reverse("invitation_link"), {"token": token_of(invitation), "svar": "ja"}
    )
    assert response.status_code == 302
    assert is_member(owner, actor_a)
    assert Invitation.objects.get().status == Invitation.Status.ACCEPTED
    # The answer does not sign anyone in.
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "Du är nu redaktör för Aktör A AB" in page
    assert 'name="svar"' not in page


def test_no_through_the_link(client, invitation, coordinator, actor_a, owner):
    response = client.post(
        reverse("invitation_link"), {"token": token_of(invitation), "svar": "nej"}
    )
    assert response.status_code == 302
    assert not is_member(owner, actor_a)
    assert Invitation.objects.get().status == Invitation.Status.DECLINED
    assert "Inbjudan är avböjd" in client.get(response.url).content.decode()
    client.force_login(coordinator)
    page = client.get(reverse("actors:edit", args=[actor_a.slug])).content.decode()
    assert "Avböjd" in page


def test_the_link_answers_once(client, invitation, actor_a, owner):
    token = token_of(invitation)
    client.post(reverse("invitation_link"), {"token": token, "svar": "nej"})
    client.post(reverse("invitation_link"), {"token": token, "svar": "ja"})
    assert not is_member(owner, actor_a)
    assert Invitation.objects.get().status == Invitation.Status.DECLINED


def test_an_answer_that_is_neither_yes_nor_no_changes_nothing(client, invitation, actor_a, owner):
    response = client.post(reverse("invitation_link"), {"token": token_of(invitation), "svar": "x"})
    assert response.status_code == 400
    assert Invitation.objects.get().is_pending


@pytest.mark.parametrize(
    "token",
    ["", "nonsense", signing.dumps([1, "nobody@example.org"], salt="actors.invitation")],
    # Named, not shown: the signed token has the time in it, and pytest-xdist's workers
    # must collect the same ids.
    ids=["empty", "nonsense", "signed-for-no-invitation"],
)
def test_a_forged_link_fails(client, invitation, token):
    assert client.get(reverse("invitation_link"), {"token": token}).status_code == 410
    response = client.post(reverse("invitation_link"), {"token": token, "svar": "ja"})
    assert response.status_code == 410
    assert Invitation.objects.get().is_pending


def test_an_expired_link_fails_and_points_to_the_account_page(client, invitation, owner, actor_a):
    eight_days_later = time.time() + 8 * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=eight_days_later):
        response = client.get(invitation)
        assert response.status_code == 410
        assert reverse("password_change") in response.content.decode()
        response = client.post(
            reverse("invitation_link"), {"token": token_of(invitation), "svar": "ja"}
        )
        assert response.status_code == 410
    assert not is_member(owner, actor_a)


def test_a_link_stops_working_when_the_account_changes_address(client, invitation, owner):
    User.objects.filter(pk=owner.pk).update(email="new.address@example.org")
    assert client.get(invitation).status_code == 410


def test_an_account_that_became_a_coordinator_cannot_accept(client, invitation, owner, actor_a):
    factories.CountyRoleFactory(user=owner, county=actor_a.county)
    response = client.post(
        reverse("invitation_link"), {"token": token_of(invitation), "svar": "ja"}, follow=True
    )
    assert "kan inte företräda aktörer" in response.content.decode()
    assert not is_member(owner, actor_a)
    assert Invitation.objects.get().is_pending


def test_two_answers_at_once_count_once(invitation):
    first = Invitation.objects.get()
    second = Invitation.objects.get()
    first.decline()
    with pytest.raises(ValidationError):
        second.accept()
    assert not Membership.objects.filter(actor=first.actor, user=first.user).exists()


# Answering signed in, on Mitt konto.


def test_the_signed_in_owner_answers_on_the_account_page(
    client, invitation, owner, actor_a, django_assert_max_num_queries
):
    client.force_login(owner)
    with django_assert_max_num_queries(ACCOUNT_PAGE_QUERIES):
        page = client.get(reverse("password_change")).content.decode()
    assert "Inbjudningar som väntar på ditt svar" in page
    assert "Aktör A AB" in page
    pk = Invitation.objects.get().pk
    response = client.post(reverse("invitation_answer", args=[pk]), {"svar": "ja"})
    assert response.status_code == 302
    assert response.url == reverse("password_change")
    assert is_member(owner, actor_a)
    page = client.get(response.url).content.decode()
    assert "Du är nu redaktör för Aktör A AB" in page
    assert "Inbjudningar som väntar på ditt svar" not in page


def test_the_account_page_takes_the_same_queries_for_many_invitations(
    client, coordinator, owner, django_assert_max_num_queries
):
    for _ in range(5):
        Invitation.objects.create(
            user=owner, actor=factories.ActorFactory(), role="editor", invited_by=coordinator
        )
    client.force_login(owner)
    with django_assert_max_num_queries(ACCOUNT_PAGE_QUERIES):
        response = client.get(reverse("password_change"))
    assert len(response.context["invitations"]) == 5


@pytest.mark.parametrize(
    "who",
    ["anonymous", "editor_b", "other_coordinator", "coordinator", "national_admin", "owner"],
)
@pytest.mark.parametrize("answer", ["ja", "nej"])
def test_only_the_owner_answers_signed_in(
    client, as_user, invitation, actor_a, who, answer, request
):
    """Not the coordinator who asked, nor the national administrator, nor anyone else."""
    owner = request.getfixturevalue("owner")
    as_user(who)
    pk = Invitation.objects.get().pk
    response = client.post(reverse("invitation_answer", args=[pk]), {"svar": answer})
    status = Invitation.objects.get().status
    if who == "owner":
        assert response.status_code == 302
        assert status == ("accepted" if answer == "ja" else "declined")
        assert is_member(owner, actor_a) == (answer == "ja")
        return
    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 404
    assert status == "pending"
    assert not is_member(owner, actor_a)


def test_answering_needs_a_post(client, invitation, owner):
    client.force_login(owner)
    pk = Invitation.objects.get().pk
    response = client.get(reverse("invitation_answer", args=[pk]), {"svar": "ja"})
    assert response.status_code == 405
    assert Invitation.objects.get().is_pending


def test_someone_else_signed_in_is_told_whose_invitation_the_link_is(
    client, invitation, editor_b, owner
):
    client.force_login(editor_b)
    page = client.get(invitation).content.decode()
    assert f"Du är inloggad som {editor_b.email}" in page
    assert f"Svaret gäller kontot {owner.email}, inte ditt" in page


@pytest.mark.parametrize("n", [1, 6])
def test_the_actor_page_lists_invitations_in_a_fixed_number_of_queries(
    client, coordinator, actor_a, django_assert_max_num_queries, n
):
    for _ in range(n):
        Invitation.objects.create(
            user=factories.UserFactory(), actor=actor_a, role="editor", invited_by=coordinator
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(ACTOR_PAGE_QUERIES):
        response = client.get(reverse("actors:edit", args=[actor_a.slug]))
    assert response.content.decode().count("Väntar på svar") == n


def test_the_question_and_its_page_in_english(client, coordinator, actor_a, owner):
    client.force_login(coordinator)
    client.post(
        "/en" + reverse("actors:invite", args=[actor_a.slug]),
        {"full_name": "X", "email": owner.email, "role": "editor"},
    )
    (message,) = mail.outbox
    assert "Hej" not in message.body
    assert "would like you to become editor for Aktör A AB" in message.body
    match = re.search(r"http://testserver(/en/konto/inbjudan/\?token=[\w:%-]+)", message.body)
    assert match, message.body
    client.logout()
    page = client.get(match.group(1)).content.decode()
    assert "Accept" in page and "Decline" in page
