"""What the demo data holds (loaded once for the module: these tests only read it)."""

import pytest
from django.apps import apps
from django.urls import reverse

from actors.models import County, CountyRole, Membership, User
from pledges.demo import DEMO_PASSWORD, DEMO_USERS, REFERENCE_SLUG, STOCKHOLM
from pledges.models import Pledge, PledgeEvent
from tests.helpers import validation_errors


@pytest.fixture
def loaded(shared_demo):
    return shared_demo


def test_demo_has_pledges_in_every_status_in_two_counties(loaded):
    assert set(Pledge.objects.values_list("status", flat=True)) == set(Pledge.Status)
    assert Pledge.objects.values("county").distinct().count() >= 2
    for county in Pledge.objects.values_list("county", flat=True).distinct():
        in_county = Pledge.objects.filter(county=county)
        assert in_county.published().exists()
        assert in_county.exclude(status__in=Pledge.PUBLISHED_STATUSES).exists()


def test_demo_pledges_went_through_the_workflow(loaded):
    """Every pledge's events lead from draft to the status it has."""
    for pledge in Pledge.objects.all():
        status = "draft"
        for event in pledge.events.filter(kind=PledgeEvent.Kind.STATUS).order_by("at", "pk"):
            assert event.from_status == status, pledge
            status = event.to_status
        assert status == pledge.status, pledge
        times = [pledge.submitted_at, pledge.approved_at, pledge.signed_at, pledge.concluded_at]
        times = [t for t in times if t is not None]
        assert times == sorted(times), pledge
        if pledge.signed_at:
            assert pledge.signing_date == pledge.signed_at.astimezone(STOCKHOLM).date(), pledge


def test_demo_data_passes_model_validation(loaded):
    refused = {}
    for app in ("actors", "pledges", "followup"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for obj in model._default_manager.all():
                if found := validation_errors(obj):
                    refused[f"{model.__name__} {obj.pk}"] = found
    assert refused == {}


def test_demo_has_a_user_for_every_role(loaded):
    admin = User.objects.get(email=DEMO_USERS["admin"].email)
    assert admin.is_superuser and admin.is_staff
    coordinated = CountyRole.objects.filter(role=CountyRole.Role.COORDINATOR)
    assert coordinated.values("county").distinct().count() >= 2
    assert Membership.objects.filter(role=Membership.Role.EDITOR).values("actor").count() >= 2
    assert Membership.objects.filter(role=Membership.Role.SIGNATORY).exists()
    # The reference actor has both an editor and a signatory.
    reference_actor = Pledge.objects.get(slug=REFERENCE_SLUG).actor
    assert {m.role for m in reference_actor.memberships.all()} == set(Membership.Role)
    demo_emails = {user.email for user in DEMO_USERS.values()}
    role_holders = (
        set(User.objects.filter(is_superuser=True).values_list("email", flat=True))
        | set(coordinated.values_list("user__email", flat=True))
        | set(Membership.objects.values_list("user__email", flat=True))
        # The governor who signs for the board in the portal.
        | set(
            User.objects.filter(email__in=County.objects.values("governor_email")).values_list(
                "email", flat=True
            )
        )
    )
    assert demo_emails == role_holders


@pytest.mark.parametrize("key", list(DEMO_USERS))
def test_demo_users_log_in_with_the_demo_password(loaded, client, key):
    # Through the login page: django-axes needs the request a real login has.
    response = client.post(
        reverse("login"), {"username": DEMO_USERS[key].email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_demo_signed_pledges_have_all_signatures(loaded):
    for pledge in Pledge.objects.published():
        signatories = list(pledge.signatories.all())
        assert len(signatories) == 2
        assert all(s.has_signed for s in signatories)


def test_the_2017_governor_signed_the_reference_pledge_only(loaded):
    """The reference pledge is signed by its 2017 signatories, as the document says; the
    county's governor today is a fictional person, and the board's signatory of every
    later Kronoberg pledge."""
    from pledges import reference_pledge

    doc = reference_pledge.parse()
    reference = Pledge.objects.get(slug=REFERENCE_SLUG)
    signed = [(s.name, s.title, s.organisation) for s in reference.signatories.all()]
    assert signed == [(s.name, s.title, s.organisation) for s in doc.signatories]
    assert {s.method for s in reference.signatories.all()} == {"wet_ink"}
    assert reference.signed_version.content["signatories"][1]["name"] == doc.signatories[1].name

    kronoberg = County.objects.get(code="07")
    assert kronoberg.governor_name != doc.signatories[1].name
    assert kronoberg.governor_name.endswith("(fiktiv)")
    assert kronoberg.governor_email and kronoberg.governor_confirmed_by is not None
    for county in County.objects.exclude(governor_name=""):
        assert county.governor_name.endswith("(fiktiv)"), county
    later = Pledge.objects.filter(county=kronoberg).exclude(slug=REFERENCE_SLUG)
    assert later.exists()
    for pledge in later:
        board = pledge.signatories.get(party="board")
        assert (board.name, board.email) == (kronoberg.governor_name, kronoberg.governor_email)


def test_the_demo_governor_can_sign_the_pledge_waiting_for_the_board(loaded, client):
    waiting = Pledge.objects.get(status=Pledge.Status.APPROVED)
    board = waiting.signatories.get(party="board")
    assert not board.has_signed
    assert board.is_confirmed_person(loaded["governor"])
    actor = waiting.signatories.get(party="actor")
    assert actor.has_signed and actor.method == "wet_ink"
