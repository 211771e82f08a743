"""Every resource of the open-data API, list and detail, as the public gets them."""

import json

import pytest

from pledges.models import Pledge


def get(client, address, **params):
    response = client.get(address, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def slugs(page):
    return [item["slug"] for item in page["results"]]


def test_counties(client, world, kronoberg):
    page = get(client, "/api/counties/", page_size=50)
    assert page["count"] == 21
    assert kronoberg.slug in slugs(page)
    county = get(client, f"/api/counties/{kronoberg.slug}/")
    assert county == {
        "id": kronoberg.pk,
        "slug": kronoberg.slug,
        "code": "07",
        "letter": "G",
        "name": kronoberg.name,
        "residence_city": kronoberg.residence_city,
    }


def test_programmes_with_themes_and_measures(client, world, kronoberg):
    page = get(client, "/api/programmes/", county=kronoberg.slug)
    assert page["count"] == 1
    programme = page["results"][0]
    assert programme["county"] == kronoberg.slug
    theme = programme["themes"][0]
    assert theme["name"] == "Klimat och energi"
    measure = theme["measures"][0]
    assert measure["id"] == world["pm"].pk
    assert measure["number"] == "36"
    assert measure["objectives"] == [1]
    assert measure["global_goals"] == [7]
    assert get(client, f"/api/programmes/{programme['id']}/") == programme


def test_objectives_and_goals(client, db):
    objectives = get(client, "/api/objectives/", page_size=50)
    assert objectives["count"] == 17  # the 16 objectives and the generational goal
    one = get(client, "/api/objectives/1/")
    assert one["name_sv"] and one["name_en"] and one["number"] == 1
    goals = get(client, "/api/goals/", page_size=50)
    assert goals["count"] == 17
    assert get(client, "/api/goals/7/")["number"] == 7


def test_actors_only_with_a_published_pledge(client, world, actor_a, actor_b):
    page = get(client, "/api/actors/")
    assert actor_a.slug in slugs(page)
    assert actor_b.slug not in slugs(page)  # only a draft and a pledge in review
    actor = get(client, f"/api/actors/{actor_a.slug}/")
    assert actor["name"] == actor_a.name and actor["county"] == actor_a.county.slug
    assert client.get(f"/api/actors/{actor_b.slug}/").status_code == 404


def test_published_pledges_with_measures_links_and_signatories(client, world):
    signed = world["signed"]
    page = get(client, "/api/pledges/")
    assert set(slugs(page)) == {signed.slug, world["concluded"].slug}
    pledge = get(client, f"/api/pledges/{signed.slug}/")
    assert pledge["id"] == signed.pk
    assert pledge["status"] == "signed"
    assert pledge["actor"]["slug"] == signed.actor.slug
    assert pledge["introduction"] == "Vi tar tillvara restvärme."
    actor_measure = next(m for m in pledge["measures"] if m["party"] == "actor")
    assert actor_measure["links"] == [
        {"programme_measure": world["pm"].pk, "number": "36", "is_primary": True}
    ]
    assert [s["party"] for s in pledge["signatories"]] == ["actor", "board"]
    assert set(pledge["signatories"][0]) == {"party", "name", "title", "organisation"}


def test_no_email_address_anywhere(client, world):
    """The signatories have addresses; the public page shows none, nor does the API."""
    for address in [
        "/api/pledges/",
        f"/api/pledges/{world['signed'].slug}/",
        "/api/actors/",
        "/api/counties/",
        "/api/followup/",
    ]:
        text = client.get(address).content.decode()
        assert "@" not in text, address
        assert "email" not in text, address


def test_accepted_followup_per_measure_and_round(client, world):
    page = get(client, "/api/followup/")
    accepted = world["accepted"]
    ids = {mr.pk for mr in accepted.measure_reports.all()}
    assert {row["id"] for row in page["results"]} == ids
    row = page["results"][0]
    assert row["pledge"] == world["signed"].slug
    assert row["round"] == world["halfway"].pk
    assert row["round_kind"] == "halfway"
    assert row["status"] == "started"
    assert row["comment"] == "Vi har börjat."
    assert get(client, f"/api/followup/{row['id']}/") == row
    assert "Hemligt utkast" not in json.dumps(page)


def test_unaccepted_reports_are_never_reachable(client, world):
    for mr in world["submitted"].measure_reports.all():
        assert client.get(f"/api/followup/{mr.pk}/").status_code == 404


@pytest.mark.parametrize("which", ["draft", "in_review"])
def test_unpublished_pledges_are_never_reachable(client, world, which):
    pledge = world[which]
    assert client.get(f"/api/pledges/{pledge.slug}/").status_code == 404
    assert client.get(f"/api/pledges/{pledge.pk}/").status_code == 404
    page = get(client, "/api/pledges/", page_size=200)
    assert pledge.slug not in slugs(page)
    # Nor found by searching its words.
    assert get(client, "/api/pledges/", q="flygbränsle")["count"] == 0


@pytest.mark.parametrize(
    "status", [Pledge.Status.APPROVED, Pledge.Status.WITHDRAWN, Pledge.Status.DRAFT]
)
def test_no_unpublished_status_in_any_list(client, world, actor_b, status):
    from tests import factories

    hidden = factories.pledge_in_status(status, actor=actor_b)
    assert hidden.slug not in slugs(get(client, "/api/pledges/", page_size=200))
    assert client.get(f"/api/pledges/{hidden.slug}/").status_code == 404


@pytest.mark.parametrize("name", ["coordinator", "editor_a", "editor_b", "other_coordinator"])
def test_signed_in_users_get_the_public_answer(as_user, world, name):
    """No sessions are read: the rightful coordinator does not see the draft either."""
    client = as_user(name)
    assert client.get(f"/api/pledges/{world['draft'].slug}/").status_code == 404
    assert set(slugs(get(client, "/api/pledges/"))) == {
        world["signed"].slug,
        world["concluded"].slug,
    }


def test_read_only(client, world):
    address = f"/api/pledges/{world['signed'].slug}/"
    assert client.head(address).status_code == 200
    assert client.options(address).status_code == 200
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(address).status_code == 405, method
    assert client.post("/api/pledges/").status_code == 405


def test_throttled(client, world, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    answers = [client.get("/api/counties/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


@pytest.mark.parametrize("resource", ["counties", "actors", "pledges", "programmes"])
def test_an_unknown_slug_with_a_dot_is_the_apis_json_404(client, db, resource):
    # Found by schemathesis: the router's default pattern stops at a dot, and the
    # address then fell through to the site's HTML page.
    response = client.get(f"/api/{resource}/%25%28n%29s%20nytt%20tema./")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "address", ["/api/pledges/a%2Fb/", "/api/nothing-here/", "/api/pledges/x/y/"]
)
def test_any_other_address_under_the_api_is_its_json_404(client, db, address):
    response = client.get(address)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
