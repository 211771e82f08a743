"""The actor register in the workspace: every view against every member of the cast."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Actor, Membership, User
from tests import factories
from tests.helpers import CAST


@pytest.fixture
def kalmar_actor(kalmar):
    return factories.ActorFactory(county=kalmar, name="Kalmaraktören AB", slug="kalmaraktoren")


@pytest.fixture(params=CAST)
def member(request, as_user, actor_a, actor_b, kalmar_actor):
    """The cast member's name and a client signed in as them."""
    return request.param, as_user(request.param)


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Who sees which actor in the register, and who may open its pages.
VISIBLE = {
    "coordinator": {"aktor-a", "aktor-b"},
    "other_coordinator": {"kalmaraktoren"},
    "national_admin": {"aktor-a", "aktor-b", "kalmaraktoren"},
}


def test_the_list_shows_the_actors_of_the_users_counties(member):
    name, client = member
    response = client.get(reverse("actors:manage_list"))
    if name == "anonymous":
        assert_login_redirect(response)
        return
    if name not in VISIBLE:
        assert response.status_code == 403
        assert b"aktor-a" not in response.content
        return
    assert response.status_code == 200
    listed = {actor.slug for actor in response.context["page"].object_list}
    assert listed == VISIBLE[name]
    page = response.content.decode()
    for slug in {"aktor-a", "aktor-b", "kalmaraktoren"}:
        assert (reverse("actors:edit", args=[slug]) in page) == (slug in VISIBLE[name])


def test_the_create_page_is_for_coordinators(member):
    name, client = member
    response = client.get(reverse("actors:create"))
    if name == "anonymous":
        assert_login_redirect(response)
    elif name in VISIBLE:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("view", ["actors:edit", "actors:invite"])
def test_an_actors_pages_are_for_its_countys_coordinators(member, view):
    name, client = member
    response = client.get(reverse(view, args=["aktor-a"]))
    if name == "anonymous":
        assert_login_redirect(response)
    elif name in {"coordinator", "national_admin"}:
        assert response.status_code == 200
        assert response.context["actor"].slug == "aktor-a"
    else:
        # The actor's own editor too: the register is the county board's.
        assert response.status_code == 404
        assert b"Akt\xc3\xb6r A AB" not in response.content


@pytest.mark.parametrize("view", ["actors:edit", "actors:invite"])
def test_posting_to_another_countys_actor_changes_nothing(client, other_coordinator, actor_a, view):
    client.force_login(other_coordinator)
    data = {"name": "Kapad", "kind": "other", "full_name": "X", "email": "x@example.org"}
    response = client.post(reverse(view, args=[actor_a.slug]), data | {"role": "editor"})
    assert response.status_code == 404
    actor_a.refresh_from_db()
    assert actor_a.name == "Aktör A AB"
    assert not User.objects.filter(email="x@example.org").exists()
    assert mail.outbox == []


def test_posting_to_create_is_refused_to_an_editor(client, editor_a, kronoberg):
    client.force_login(editor_a)
    data = {"county": kronoberg.pk, "name": "Ny AB", "kind": "company"}
    response = client.post(reverse("actors:create"), data)
    assert response.status_code == 403
    assert not Actor.objects.filter(name="Ny AB").exists()


# The form.


def create(client, **data):
    values = {"name": "Växjö Solel AB", "kind": "company"} | data
    return client.post(reverse("actors:create"), {k: v for k, v in values.items() if v})


@pytest.mark.parametrize("typed", ["556036 0793", "5560360793", "556036-0793", " 5560 3607 93 "])
def test_the_organisation_number_is_stored_in_the_normal_form(client, coordinator, typed):
    client.force_login(coordinator)
    response = create(client, organisation_number=typed)
    actor = Actor.objects.get(name="Växjö Solel AB")
    assert response.status_code == 302
    assert response.url == reverse("actors:edit", args=[actor.slug])
    assert actor.organisation_number == "556036-0793"
    assert actor.county.code == "07", "the coordinator's only county"
    assert actor.slug == "vaxjo-solel-ab"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("5560360794", "kontrollsiffran är fel"),
        ("55603607", "Ett organisationsnummer har tio siffror"),
        ("556036-07931234", "Ett organisationsnummer har tio siffror"),
    ],
)
def test_a_bad_organisation_number_is_explained_at_the_field(client, coordinator, typed, message):
    client.force_login(coordinator)
    response = create(client, organisation_number=typed)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["organisation_number"]
    assert message in errors["organisation_number"][0]
    page = response.content.decode()
    assert message in page
    assert 'id="id_organisation_number"' in page and "is-invalid" in page
    assert not Actor.objects.filter(name="Växjö Solel AB").exists()


def test_a_single_county_is_fixed(client, coordinator, kalmar):
    client.force_login(coordinator)
    form = client.get(reverse("actors:create")).context["form"]
    assert form["county"].field.widget.is_hidden
    create(client, county=kalmar.pk)
    assert Actor.objects.get(name="Växjö Solel AB").county.code == "07"


def test_a_county_outside_the_users_is_refused(client, other_coordinator, kronoberg):
    # other_coordinator has one county; give them a second to get the choice.
    factories.CountyRoleFactory(user=other_coordinator, county=factories.county("09"))
    client.force_login(other_coordinator)
    response = create(client, county=kronoberg.pk)
    assert "county" in response.context["form"].errors
    assert not Actor.objects.filter(name="Växjö Solel AB").exists()


def test_the_national_admin_chooses_the_county(client, national_admin, kalmar):
    client.force_login(national_admin)
    form = client.get(reverse("actors:create")).context["form"]
    assert not form["county"].field.widget.is_hidden
    assert create(client, county=kalmar.pk).status_code == 302
    assert Actor.objects.get(name="Växjö Solel AB").county == kalmar


def test_known_municipalities_are_chosen_by_name(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("actors:create")).content.decode()
    assert '<select name="municipality"' in page
    assert '<option value="0780">Växjö</option>' in page
    create(client, municipality="0780")
    assert Actor.objects.get(name="Växjö Solel AB").municipality == "0780"


def test_other_municipalities_are_given_by_code(client, other_coordinator):
    client.force_login(other_coordinator)
    page = client.get(reverse("actors:create")).content.decode()
    assert '<input type="text" name="municipality"' in page
    response = create(client, municipality="0780")
    assert "Kommunen ligger inte i Kalmar län." in response.context["form"].errors["municipality"]
    assert create(client, municipality="0880").status_code == 302
    assert Actor.objects.get(name="Växjö Solel AB").municipality == "0880"


def test_a_name_or_number_already_in_the_county_is_refused_at_the_field(
    client, coordinator, actor_a
):
    actor_a.organisation_number = "556036-0793"
    actor_a.save()
    client.force_login(coordinator)
    response = create(client, name="aktör a ab", organisation_number="5560360793")
    errors = response.context["form"].errors
    assert set(errors) == {"name", "organisation_number"}
    assert Actor.objects.filter(county=actor_a.county).count() == 1


def test_slugs_are_unique_across_counties(client, national_admin, kronoberg, kalmar):
    client.force_login(national_admin)
    create(client, county=kronoberg.pk)
    create(client, county=kalmar.pk)
    assert sorted(Actor.objects.values_list("slug", flat=True)) == [
        "vaxjo-solel-ab",
        "vaxjo-solel-ab-2",
    ]


def test_editing_keeps_the_slug_and_shows_the_members(client, coordinator, actor_a, editor_a):
    signatory = factories.MembershipFactory(actor=actor_a, role=Membership.Role.SIGNATORY).user
    client.force_login(coordinator)
    url = reverse("actors:edit", args=[actor_a.slug])
    page = client.get(url).content.decode()
    assert editor_a.email in page and signatory.email in page
    assert "Redaktör" in page and "Firmatecknare" in page

    data = {"county": actor_a.county_id, "name": "Aktör A Nytt Namn AB", "kind": "region"}
    response = client.post(url, data | {"website": "https://example.org/"})
    assert response.status_code == 302
    actor_a.refresh_from_db()
    assert actor_a.name == "Aktör A Nytt Namn AB"
    assert actor_a.kind == "region"
    assert actor_a.slug == "aktor-a", "a public address stays when the name changes"


# The list.


def test_the_list_is_searched_and_filtered(client, coordinator, actor_a, actor_b):
    actor_a.municipality = "0780"
    actor_a.kind = "region"
    actor_a.organisation_number = "556036-0793"
    actor_a.save()
    client.force_login(coordinator)

    def listed(**params):
        response = client.get(reverse("actors:manage_list"), params)
        return {actor.slug for actor in response.context["page"].object_list}

    assert listed(q="aktör b") == {"aktor-b"}
    assert listed(q="5560360793") == {"aktor-a"}
    assert listed(kind="region") == {"aktor-a"}
    assert listed(municipality="0780") == {"aktor-a"}
    assert listed() == {"aktor-a", "aktor-b"}


def test_the_list_costs_the_same_queries_for_many_actors(client, coordinator, kronoberg):
    client.force_login(coordinator)
    url = reverse("actors:manage_list")

    def queries():
        client.get(url)  # the session and the user, read once per request
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(3):
        actor = factories.ActorFactory(county=kronoberg, municipality="0780")
        factories.MembershipFactory(actor=actor)
    few = queries()
    for i in range(40):
        actor = factories.ActorFactory(county=kronoberg, municipality=f"07{60 + i % 8}")
        factories.MembershipFactory(actor=actor)
    assert queries() == few
    # Session and user, the second factor, county roles, counties, municipalities, count,
    # page, session save.
    assert few <= 11
