"""The county's governor, kept by its coordinators: who signs pledges for the board."""

import pytest
from django.urls import reverse

from actors.models import County
from pledges.models import Party
from pledges.services import create_pledge

URL = "actors:governor"


def data(**changes):
    return {"name": "Greta Gran", "title": "Landshövding", "email": "Greta@Kronoberg.example"} | (
        changes
    )


@pytest.mark.parametrize("who", ["coordinator", "national_admin"])
def test_the_countys_coordinators_keep_its_governor(client, request, kronoberg, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse(URL, args=[kronoberg.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, data(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("actors:governors")
    assert "Landshövdingen i Kronobergs län är sparad" in response.content.decode()
    kronoberg.refresh_from_db()
    assert (kronoberg.governor_name, kronoberg.governor_email) == (
        "Greta Gran",
        "greta@kronoberg.example",
    )
    assert kronoberg.governor_confirmed_by == user
    assert kronoberg.governor_confirmed_at is not None


@pytest.mark.parametrize(("who", "status"), [("other_coordinator", 404), ("editor_a", 403),
                                             ("editor_b", 403)])  # fmt: skip
def test_nobody_else_keeps_the_governor(client, as_user, kronoberg, who, status):
    as_user(who)
    url = reverse(URL, args=[kronoberg.slug])
    assert client.get(url).status_code == status
    assert client.post(url, data(email="kapad@example.org")).status_code == status
    assert County.objects.get(pk=kronoberg.pk).governor_email == ""


def test_anonymous_is_sent_to_log_in(client, kronoberg):
    for url in (reverse(URL, args=[kronoberg.slug]), reverse("actors:governors")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(reverse(URL, args=[kronoberg.slug]), data())
    assert County.objects.get(pk=kronoberg.pk).governor_email == ""


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("coordinator", ["Kronobergs län"], ["Kalmar län"]),
        ("other_coordinator", ["Kalmar län"], ["Kronobergs län"]),
        ("national_admin", ["Kronobergs län", "Kalmar län"], []),
    ],
)
def test_the_list_shows_the_users_own_counties(client, as_user, kronoberg, kalmar, who, shown,
                                               hidden):  # fmt: skip
    kalmar.set_governor(name="Kalle Guvernör", title="Landshövding", email="k@kalmar.example",
                        by=None)  # fmt: skip
    as_user(who)
    page = client.get(reverse("actors:governors")).content.decode()
    for name in shown:
        assert f'<h2 class="h5">{name}</h2>' in page
    for name in hidden:
        assert f'<h2 class="h5">{name}</h2>' not in page
    if "Kalmar län" in hidden:
        assert "k@kalmar.example" not in page


def test_the_list_costs_the_same_queries_for_every_county(
    client, national_admin, kronoberg, django_assert_max_num_queries
):
    for county in County.objects.all():
        county.set_governor(name=f"G {county.code}", title="Landshövding",
                            email=f"g{county.code}@example.org", by=national_admin)  # fmt: skip
    client.force_login(national_admin)
    # session, user, the counties with who confirmed, the session saved again
    with django_assert_max_num_queries(7):
        response = client.get(reverse("actors:governors"))
    assert response.content.decode().count("Ändra landshövding i") == County.objects.count()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "inte en adress"}, "email", "Fyll i en giltig e-postadress."),
        ({"name": ""}, "name", "Ange landshövdingens namn."),
        ({"title": ""}, "title", "Detta fält måste fyllas i."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(
    client, coordinator, kronoberg, changes, field, message
):
    from tests.html import field_error, field_value

    client.force_login(coordinator)
    response = client.post(reverse(URL, args=[kronoberg.slug]), data(**changes))
    assert response.status_code == 200
    # The page's title says at once that something needs mending.
    assert "<title>Fel: Landshövding i Kronobergs län" in response.content.decode()
    assert message in field_error(response, field)
    for name, value in data(**changes).items():
        assert field_value(response, name) == value
    assert County.objects.get(pk=kronoberg.pk).governor_email == ""


def test_changing_only_the_name_keeps_who_confirmed_the_address(coordinator, kronoberg):
    other = type(coordinator).objects.create_user("annan@example.org")
    kronoberg.set_governor(name="A", title="Landshövding", email="g@example.org", by=coordinator)
    kronoberg.set_governor(name="B", title="Landshövding", email="G@example.org", by=other)
    kronoberg.refresh_from_db()
    assert (kronoberg.governor_name, kronoberg.governor_confirmed_by) == ("B", coordinator)
    kronoberg.set_governor(name="B", title="Landshövding", email="", by=other)
    kronoberg.refresh_from_db()
    assert kronoberg.governor_confirmed_by is None and kronoberg.governor_confirmed_at is None


def test_a_new_pledge_gets_the_countys_current_governor_as_the_boards_signatory(
    coordinator, kronoberg, actor_a
):
    kronoberg.set_governor(name="Greta Gran", title="Landshövding", email="greta@example.org",
                           by=coordinator)  # fmt: skip
    actor_a.refresh_from_db()
    pledge = create_pledge(actor=actor_a, start_year=2027, end_year=2030)
    board = pledge.signatories.get(party=Party.BOARD)
    assert (board.name, board.title, board.email) == ("Greta Gran", "Landshövding",
                                                      "greta@example.org")  # fmt: skip
    assert board.organisation == "Länsstyrelsen i Kronobergs län"
    assert board.confirmed_address().confirmed_by == coordinator


def test_a_signatory_membership_records_the_coordinator_who_confirmed_it(
    client, coordinator, actor_a
):
    from actors.models import Membership

    client.force_login(coordinator)
    client.post(
        reverse("actors:invite", args=[actor_a.slug]),
        {"full_name": "Vera Vd", "email": "vera@example.org", "role": "signatory"},
    )
    membership = Membership.objects.get(user__email="vera@example.org", role="signatory")
    assert membership.confirmed_by == coordinator


@pytest.mark.parametrize(("who", "status"), [("editor_a", 404), ("editor_b", 404),
                                             ("other_coordinator", 404)])  # fmt: skip
def test_only_the_countys_coordinators_make_someone_the_actors_signatory(
    client, request, actor_a, who, status
):
    from actors.models import Membership

    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(
        reverse("actors:invite", args=[actor_a.slug]),
        {"full_name": "Jag Själv", "email": user.email, "role": "signatory"},
    )
    assert response.status_code == status
    assert not Membership.objects.filter(actor=actor_a, role="signatory").exists()
