"""The API's lists: filtered like the public list (the same FilterSet), a page at a time,
and as many queries for a page of 50 pledges with 20 measures as for 2 with 2."""

import pytest

from actors.models import Actor
from followup.models import MeasureReport
from pledges.models import Pledge
from tests import factories
from tests.pledges.test_query_counts import make_signed_pledges

SIZES = [pytest.param(2, 2, id="2 pledges x 2 measures"), pytest.param(50, 20, id="50 x 20")]


def slugs(client, address, **params):
    response = client.get(address, params)
    assert response.status_code == 200, response.content
    return {item["slug"] for item in response.json()["results"]}


@pytest.fixture
def more(world, kronoberg):
    """Beside the world's pledges: a municipality's signed pledge in Kronoberg, 2030–2033,
    that serves no programme measure."""
    municipality = factories.ActorFactory(
        county=kronoberg, name="Växjö kommun", kind=Actor.Kind.MUNICIPALITY, municipality="0780"
    )
    return factories.pledge_in_status(
        Pledge.Status.SIGNED, actor=municipality, start_year=2030, end_year=2033
    )


def test_each_filter_narrows_the_pledges(client, world, more, kronoberg, kalmar):
    signed, concluded = world["signed"].slug, world["concluded"].slug
    pm = world["pm"]
    address = "/api/pledges/"
    assert slugs(client, address) == {signed, concluded, more.slug}
    assert slugs(client, address, county=kronoberg.slug) == {signed, more.slug}
    assert slugs(client, address, county=kalmar.slug) == {concluded}
    assert slugs(client, address, theme=pm.theme_id) == {signed}
    assert slugs(client, address, programme_measure=pm.pk) == {signed}
    assert slugs(client, address, objective=1) == {signed}
    assert slugs(client, address, goal=7) == {signed}
    assert slugs(client, address, kind="municipality") == {concluded, more.slug}
    assert slugs(client, address, municipality="0780") == {more.slug}
    assert slugs(client, address, status="concluded") == {concluded}
    assert slugs(client, address, year=2031) == {more.slug}
    assert slugs(client, address, q="restvärme") == {signed}


def test_filters_combine(client, world, more, kronoberg):
    address = "/api/pledges/"
    both = {"county": kronoberg.slug, "kind": "municipality"}
    assert slugs(client, address, **both) == {more.slug}
    assert slugs(client, address, **both, status="concluded") == set()
    assert slugs(client, address, county=kronoberg.slug, q="restvärme", goal=7) == {
        world["signed"].slug
    }


def test_a_draft_is_never_found_by_a_filter(client, world, actor_b):
    """The draft serves the same programme measure and says the same words."""
    draft = world["draft"]
    factories.MeasureLinkFactory(
        measure=draft.measures.get(party="actor"), programme_measure=world["pm"]
    )
    for params in [
        {"programme_measure": world["pm"].pk},
        {"q": "flygbränsle"},
        {"county": actor_b.county.slug, "status": "draft"},
    ]:
        assert draft.slug not in {
            item["slug"] for item in client.get("/api/pledges/", params).json().get("results", [])
        }, params
    # A status the public list does not offer is refused, not applied.
    assert client.get("/api/pledges/", {"status": "draft"}).status_code == 400


def test_refused_filter_values_are_400(client, world):
    for params in [{"county": "no-such-county"}, {"year": "soon"}, {"theme": "x"}]:
        response = client.get("/api/pledges/", params)
        assert response.status_code == 400, params
        assert list(response.json()) == list(params)


def test_other_lists_filter(client, world, kronoberg, kalmar, actor_a):
    programmes = client.get("/api/programmes/", {"county": kalmar.slug}).json()
    assert programmes["count"] == 0
    assert slugs(client, "/api/actors/", county=kronoberg.slug) == {actor_a.slug}
    assert slugs(client, "/api/actors/", kind="municipality") == {world["concluded"].actor.slug}
    followup = client.get(
        "/api/followup/", {"pledge": world["signed"].slug, "status": "started"}
    ).json()
    assert followup["count"] == world["accepted"].measure_reports.count()
    assert client.get("/api/followup/", {"county": kalmar.slug}).json()["count"] == 0
    assert client.get("/api/followup/", {"round": world["halfway"].pk}).json()["count"] == 2


def test_pagination(client, kronoberg, programme_measures):
    make_signed_pledges(
        factories.ActorFactory.create_batch(7, county=kronoberg), 1, programme_measures
    )
    first = client.get("/api/pledges/", {"page_size": 3}).json()
    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert first["previous"] is None
    assert "page=2" in first["next"]
    last = client.get("/api/pledges/", {"page_size": 3, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None
    seen = [
        item["id"]
        for page in (1, 2, 3)
        for item in client.get("/api/pledges/", {"page_size": 3, "page": page}).json()["results"]
    ]
    assert sorted(seen) == sorted(Pledge.objects.values_list("pk", flat=True))
    assert client.get("/api/pledges/", {"page": 9}).status_code == 404
    # At most 200 a page, whatever is asked.
    assert client.get("/api/pledges/", {"page_size": 10_000}).status_code == 200


@pytest.fixture
def programme_measures(kronoberg):
    theme = factories.ThemeFactory(programme=factories.ProgrammeFactory(county=kronoberg))
    return [factories.ProgrammeMeasureFactory(theme=theme) for _ in range(3)]


# The paginator's count, the page, the filters' municipalities, the measures, their
# links with their programme measures, the signatories.
PLEDGE_QUERIES = 6
ACTOR_QUERIES = 2  # the count, the page with the counties
PROGRAMME_QUERIES = 6  # count, page, themes, measures, their objectives, their goals
FOLLOWUP_QUERIES = 2  # the count, the page with reports, pledges and rounds


@pytest.mark.parametrize(("n_pledges", "n_measures"), SIZES)
def test_pledge_list_queries(
    client, kronoberg, programme_measures, django_assert_max_num_queries, n_pledges, n_measures
):
    actors = factories.ActorFactory.create_batch(n_pledges, county=kronoberg)
    make_signed_pledges(actors, n_measures, programme_measures)
    with django_assert_max_num_queries(PLEDGE_QUERIES):
        response = client.get("/api/pledges/")
    pledges = response.json()["results"]
    assert len(pledges) == n_pledges
    assert all(len(p["measures"]) == n_measures for p in pledges)
    assert all(len(m["links"]) == 2 for p in pledges for m in p["measures"])
    with django_assert_max_num_queries(ACTOR_QUERIES):
        assert client.get("/api/actors/").json()["count"] == n_pledges
    with django_assert_max_num_queries(PROGRAMME_QUERIES):
        assert client.get("/api/programmes/").json()["count"] == 1


@pytest.mark.parametrize("n_pledges", [2, 30])
def test_followup_list_queries(
    client, kronoberg, editor_a, coordinator, django_assert_max_num_queries, n_pledges
):
    from followup.models import Report, Round
    from tests.factories import fill, make_round

    halfway = make_round(kronoberg, Round.Kind.HALFWAY)
    for _ in range(n_pledges):
        pledge = factories.signed_pledge(actor=factories.ActorFactory(county=kronoberg))
        report = Report.objects.create_for(halfway, pledge)
        report.save_draft(by=editor_a, expected_revision=report.revision)
        fill(report, MeasureReport.Status.DONE)
        report.submit(by=None)
        report.accept(by=coordinator)
    with django_assert_max_num_queries(FOLLOWUP_QUERIES):
        response = client.get("/api/followup/")
    assert response.json()["count"] == 2 * n_pledges


def test_writing_the_schema_leaves_the_filters_choices_alone(client, world, more):
    """drf-spectacular reads the FilterSet's class-level filters; the page's and the API's
    choices (the municipalities, the counties with published pledges) still hold after."""
    assert client.get("/api/schema/").status_code == 200
    assert slugs(client, "/api/pledges/", municipality="0780") == {more.slug}
    response = client.get("/lofte/", {"municipality": "0780"})
    assert response.status_code == 200
    assert [p.slug for p in response.context["page"].object_list] == [more.slug]
    counties = response.context["filters"].fields["county"].queryset
    assert set(counties.values_list("slug", flat=True)) == {
        world["signed"].county.slug,
        world["concluded"].county.slug,
    }
