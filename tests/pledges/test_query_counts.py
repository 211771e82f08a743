"""The public pages issue as many SQL queries for 50 pledges as for 2.

The numbers were measured for the small case (2 pledges, 2 measures each);
the large case (50 pledges, 20 measures each) must not need more. The page cache
(actors/pagecache.py) is empty at each test's start: these are the rendering's queries.
The other page kinds are pinned beside their own tests: the workspace
(tests/pledges/test_workspace.py), the programme, objective and goal pages
(test_programme_pages.py), the API's lists (tests/api/test_filters_and_pages.py), the
dashboards and the national view (tests/followup/test_dashboard_pages.py), the report
review (tests/followup/test_review.py), the report list (test_report_views.py), the
round and the report form (tests/followup/test_query_counts.py).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pledges.models import Measure, MeasureLink, Party, Pledge, Signatory, SignedVersion
from pledges.snapshot import pledge_snapshot
from tests import factories
from tests.helpers import REQUEST_QUERIES

SIZES = [pytest.param(2, 2, id="2 pledges x 2 measures"), pytest.param(50, 20, id="50 x 20")]

# Measured for the small case.
# The count for the paginator, the page of pledges, and the filters' choices: counties,
# themes, programme measures, objectives, global goals, municipalities.
LIST_QUERIES = 8
# Pledge with county, actor and signed version, measures, their links, signatories,
# the accepted follow-up (followup's inclusion tag); a signed version frozen, the
# measures' links (the link lines' numbers link to the programme measures' pages).
DETAIL_QUERIES = 5
ACTOR_QUERIES = 2  # actor with county, its pledges
# County, its pledges; the summary (followup's county_summary): the published pledges and
# actors, the measures by party and by theme (one query each), the coverage.
COUNTY_QUERIES = 6


def make_signed_pledges(actors, measures_per_pledge, programme_measures):
    """One signed pledge per actor, each measure with two links, two signatories each.

    Built with bulk_create: the workflow is tested elsewhere, and this must be quick.
    """
    signed = timezone.now() - datetime.timedelta(days=30)
    pledges = Pledge.objects.bulk_create(
        Pledge(
            county=actor.county,
            actor=actor,
            slug=f"lofte-{i}",
            start_year=2000 + i,
            end_year=2004 + i,
            status=Pledge.Status.SIGNED,
            submitted_at=signed,
            approved_at=signed,
            signed_at=signed,
            signing_place="Växjö",
            signing_date=signed.date(),
        )
        for i, actor in enumerate(actors)
    )
    measures = Measure.objects.bulk_create(
        Measure(
            pledge=pledge,
            party=Party.ACTOR if n < measures_per_pledge - 1 else Party.BOARD,
            order=n,
            heading=f"Åtgärd {n}",
            text=f"Vi gör åtgärd {n}.",
        )
        for pledge in pledges
        for n in range(measures_per_pledge)
    )
    MeasureLink.objects.bulk_create(
        MeasureLink(
            measure=measure,
            programme_measure=programme_measures[(measure.order + k) % len(programme_measures)],
            is_primary=k == 0,
            order=k,
        )
        for measure in measures
        for k in range(2)
    )
    Signatory.objects.bulk_create(
        Signatory(
            pledge=pledge,
            party=party,
            order=order,
            name=f"Person {order}",
            title="Vd" if party == Party.ACTOR else "Landshövding",
            organisation=pledge.actor.name if party == Party.ACTOR else pledge.county.board_name,
            method=Signatory.Method.WET_INK,
            signed_at=signed,
        )
        for pledge in pledges
        for order, party in enumerate([Party.ACTOR, Party.BOARD])
    )
    # The frozen versions with their rendered PDFs (the files themselves are not needed
    # for the page: it links them and says how big they are).
    SignedVersion.objects.bulk_create(
        SignedVersion(
            pledge=pledge,
            content=pledge_snapshot(pledge),
            code=f"KOD{pledge.pk:07d}",
            pdf=f"signed/{pledge.slug}.pdf",
            pdf_size=180_000,
            sha256="0" * 64,
            rendered_at=signed,
        )
        for pledge in pledges
    )
    assert Measure.objects.count() == len(actors) * measures_per_pledge
    assert MeasureLink.objects.count() == 2 * Measure.objects.count()
    return pledges


@pytest.fixture
def programme_measures(kronoberg):
    theme = factories.ThemeFactory(programme=factories.ProgrammeFactory(county=kronoberg))
    return [factories.ProgrammeMeasureFactory(theme=theme) for _ in range(3)]


@pytest.fixture
def build(kronoberg, programme_measures):
    def build(n_pledges, n_measures, *, one_actor=False):
        if one_actor:
            actors = [factories.ActorFactory(county=kronoberg)] * n_pledges
        else:
            actors = factories.ActorFactory.create_batch(n_pledges, county=kronoberg)
        return make_signed_pledges(actors, n_measures, programme_measures)

    return build


@pytest.mark.parametrize(("n_pledges", "n_measures"), SIZES)
def test_pledge_list(client, build, django_assert_max_num_queries, n_pledges, n_measures):
    build(n_pledges, n_measures)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("pledges:list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == n_pledges
    shown = response.context["page"].object_list
    assert [p.actor_measure_count for p in shown] == [n_measures - 1] * len(shown)


@pytest.mark.parametrize(("n_pledges", "n_measures"), SIZES)
def test_pledge_page(client, build, django_assert_max_num_queries, n_pledges, n_measures):
    pledge = build(n_pledges, n_measures)[-1]
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(pledge.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="measure-links"') == n_measures
    assert page.count('class="signatory-name"') == 2
    assert f'<a href="{pledge.get_absolute_url()}pdf/">' in page
    assert f'<a href="/verifiera/KOD{pledge.pk:07d}/">' in page


@pytest.mark.parametrize(("n_pledges", "n_measures"), SIZES)
def test_actor_page(client, build, django_assert_max_num_queries, n_pledges, n_measures):
    pledges = build(n_pledges, n_measures, one_actor=True)
    with django_assert_max_num_queries(ACTOR_QUERIES):
        response = client.get(pledges[0].actor.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["pledges"]) == n_pledges


@pytest.mark.parametrize(("n_pledges", "n_measures"), SIZES)
def test_county_page(
    client, build, kronoberg, django_assert_max_num_queries, n_pledges, n_measures
):
    build(n_pledges, n_measures)
    with django_assert_max_num_queries(COUNTY_QUERIES):
        response = client.get(kronoberg.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="pledge-row"') == n_pledges


# The other public pages, and the pledge editor, at the same two sizes.

# Measured for the small case, as above. The front page: the recent pledges, the good
# examples. A deep page of the list: as its first. The search: one more, the matching
# measures' texts for the highlights. The API's pledge: the pledge with its county,
# actor and version, its measures, their links, its signatories, the municipalities.
# The open-data page: the counties. The editor: the signed-in request, the pledge and
# its parts, the measures with their links, the programme measures to choose from.
HOME_QUERIES = 2
DEEP_LIST_QUERIES = LIST_QUERIES
SEARCH_QUERIES = LIST_QUERIES + 1
API_DETAIL_QUERIES = 5
OPENDATA_QUERIES = 1
EDITOR_QUERIES = REQUEST_QUERIES + 12


def _count(client, url, limit, assert_max):
    with assert_max(limit):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize(("n_pledges", "n_measures"), SIZES)
def test_the_other_public_pages(
    client, build, django_assert_max_num_queries, n_pledges, n_measures
):
    pledges = build(n_pledges, n_measures)
    last = pledges[-1]
    _count(client, reverse("home"), HOME_QUERIES, django_assert_max_num_queries)
    page = _count(
        client,
        reverse("pledges:list") + "?sida=2",
        DEEP_LIST_QUERIES,
        django_assert_max_num_queries,
    )
    assert page.context["page"].number == (2 if n_pledges > 25 else 1)
    found = _count(
        client, reverse("pledges:list") + "?q=åtgärd", SEARCH_QUERIES, django_assert_max_num_queries
    )
    assert found.context["page"].paginator.count == n_pledges
    detail = _count(
        client, f"/api/pledges/{last.slug}/", API_DETAIL_QUERIES, django_assert_max_num_queries
    )
    assert len(detail.json()["measures"]) == n_measures
    _count(client, reverse("opendata"), OPENDATA_QUERIES, django_assert_max_num_queries)


@pytest.mark.parametrize("n_measures", [3, 15])
def test_the_editor(client, actor_a, coordinator, django_assert_max_num_queries, n_measures):
    pledge = factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor_a)
    theme = factories.ThemeFactory(programme=factories.ProgrammeFactory(county=actor_a.county))
    served = factories.ProgrammeMeasureFactory(theme=theme)
    for n in range(n_measures - 2):
        measure = factories.MeasureFactory(pledge=pledge, party=Party.ACTOR, heading=f"Åtgärd {n}")
        factories.MeasureLinkFactory(measure=measure, programme_measure=served)
    client.force_login(coordinator)
    page = _count(
        client,
        reverse("pledges:edit", args=[pledge.pk]),
        EDITOR_QUERIES,
        django_assert_max_num_queries,
    )
    assert page.content.decode().count("Åtgärd ") >= n_measures - 2
