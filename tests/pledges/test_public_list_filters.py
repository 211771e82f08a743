"""The public list's filters: each narrows the list, they combine with each other and
with the search, they are kept in the URL, and whatever they ask the list shows only
published pledges; a page costs the same queries for few pledges as for many."""

import re

import pytest
from django.urls import reverse

from actors.models import Actor, County
from pledges.models import EnvironmentalObjective, GlobalGoal, Pledge
from pledges.views import public
from tests import factories
from tests.html import page

from .search_pages import listed, pledge_saying
from .test_query_counts import make_signed_pledges

S = Pledge.Status


@pytest.fixture
def programme(kronoberg, kalmar):
    """Two themes of Kronoberg's programme and one of Kalmar's, a measure in each,
    serving objectives and global goals of their own."""
    energy = factories.ProgrammeMeasureFactory(
        theme__programme__county=kronoberg, theme__name="Klimat och energi", number="36"
    )
    water = factories.ProgrammeMeasureFactory(
        theme__programme=energy.theme.programme, theme__name="Vatten", number="12"
    )
    coast = factories.ProgrammeMeasureFactory(
        theme__programme__county=kalmar, theme__name="Hav och kust", number="3"
    )
    energy.objectives.set([EnvironmentalObjective.objects.get(number=1)])
    energy.global_goals.set([GlobalGoal.objects.get(number=7)])
    water.objectives.set([EnvironmentalObjective.objects.get(number=8)])
    water.global_goals.set([GlobalGoal.objects.get(number=6)])
    coast.objectives.set([EnvironmentalObjective.objects.get(number=10)])
    coast.global_goals.set([GlobalGoal.objects.get(number=14)])
    return {"energy": energy, "water": water, "coast": coast}


@pytest.fixture
def pledges(actor_a, actor_b, kalmar, programme):
    Actor.objects.filter(pk=actor_a.pk).update(kind=Actor.Kind.COMPANY, municipality="0780")
    Actor.objects.filter(pk=actor_b.pk).update(kind=Actor.Kind.MUNICIPALITY, municipality="0764")
    actor_a.refresh_from_db()
    actor_b.refresh_from_db()
    kalmar_actor = factories.ActorFactory(
        county=kalmar, name="Kalmar Hamn AB", kind=Actor.Kind.COMPANY, municipality="0880"
    )
    return {
        "energy": pledge_saying(
            actor=actor_a,
            start_year=2024,
            end_year=2027,
            measures=[("Solceller", "Vi bygger solceller på lagret.")],
            links=[programme["energy"]],
        ),
        "water": pledge_saying(
            S.CONCLUDED,
            actor=actor_b,
            start_year=2019,
            end_year=2022,
            measures=[("Dagvatten", "Vi renar dagvattnet och bygger solceller.")],
            links=[programme["water"]],
        ),
        "kalmar": pledge_saying(
            actor=kalmar_actor,
            start_year=2021,
            end_year=2024,
            measures=[("Hamnen", "Vi tar emot fartygens avfall.")],
            links=[programme["coast"]],
        ),
    }


@pytest.fixture
def unpublished(actor_a, programme):
    """Actor A's pledges that are not public, each serving every programme measure and
    saying what the published ones say."""
    return [
        pledge_saying(
            status,
            actor=actor_a,
            start_year=2024,
            end_year=2027,
            measures=[("Solceller", "Vi bygger solceller och tar emot fartygens avfall.")],
            links=list(programme.values()),
        )
        for status in (S.DRAFT, S.IN_REVIEW, S.APPROVED, S.WITHDRAWN)
    ]


def names(client, pledges, **params) -> set[str]:
    shown = {p.pk for p in listed(client, **params)}
    return {name for name, pledge in pledges.items() if pledge.pk in shown}


FILTERS = [
    ({}, {"energy", "water", "kalmar"}),
    ({"county": "08"}, {"kalmar"}),
    ({"county": "07"}, {"energy", "water"}),
    ({"theme": "energy"}, {"energy"}),
    ({"programme_measure": "water"}, {"water"}),
    ({"objective": 1}, {"energy"}),
    ({"objective": 10}, {"kalmar"}),
    ({"goal": 6}, {"water"}),
    ({"kind": Actor.Kind.COMPANY}, {"energy", "kalmar"}),
    ({"municipality": "0764"}, {"water"}),
    ({"status": S.CONCLUDED}, {"water"}),
    ({"status": S.SIGNED}, {"energy", "kalmar"}),
    ({"year": 2020}, {"water"}),
    ({"year": 2024}, {"energy", "kalmar"}),
    ({"county": "07", "status": S.SIGNED}, {"energy"}),
    ({"kind": Actor.Kind.COMPANY, "year": 2022}, {"kalmar"}),
    ({"q": "solceller"}, {"energy", "water"}),
    ({"q": "solceller", "kind": Actor.Kind.MUNICIPALITY}, {"water"}),
    ({"q": "solceller", "county": "08"}, set()),
    ({"q": "fartygens", "goal": 14, "year": 2023}, {"kalmar"}),
]


def resolve(params, programme):
    """Counties are named by code in FILTERS, programme measures and themes by key:
    here their slugs and pks."""
    resolved = dict(params)
    if "county" in resolved:
        resolved["county"] = County.objects.get(code=resolved["county"]).slug
    if "theme" in resolved:
        resolved["theme"] = programme[resolved["theme"]].theme_id
    if "programme_measure" in resolved:
        resolved["programme_measure"] = programme[resolved["programme_measure"]].pk
    return resolved


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_each_filter_narrows_the_list_and_they_combine(
    client, kronoberg, pledges, programme, unpublished, params, expected
):
    assert names(client, pledges, **resolve(params, programme)) == expected


@pytest.mark.parametrize(
    "params",
    [*(params for params, _expected in FILTERS), *({"status": s} for s in S.values)],
    ids=str,
)
def test_no_filter_ever_shows_an_unpublished_pledge(
    client, kronoberg, pledges, programme, unpublished, params
):
    shown = {p.pk for p in listed(client, **resolve(params, programme))}

    assert not shown & {p.pk for p in unpublished}


def test_a_filter_that_does_not_hold_is_not_applied_and_says_so(client, pledges):
    response = client.get(reverse("pledges:list"), {"year": "tjugo", "kind": "company"})

    assert response.status_code == 200
    assert response.context["filters"].errors["year"]
    assert {p.actor.kind for p in response.context["page"].object_list} == {"company"}


def test_the_choices_offer_only_what_published_pledges_serve(
    client, kronoberg, kalmar, pledges, programme, unpublished
):
    lonely = factories.ProgrammeMeasureFactory(theme__programme__county=kronoberg)
    form = client.get(reverse("pledges:list")).context["filters"]

    measures = {pk for pk, _label in form.fields["programme_measure"].choices if pk}
    themes = {pk for pk, _label in form.fields["theme"].choices if pk}
    assert {int(str(pk)) for pk in measures} == {p.pk for p in programme.values()}
    assert lonely.theme_id not in {int(str(pk)) for pk in themes}
    assert [label for value, label in form.fields["municipality"].choices if value] == [
        "Alvesta",
        "Växjö",
        "0880",
    ]
    assert [value for value, _label in form.fields["status"].choices if value] == [
        S.SIGNED,
        S.CONCLUDED,
    ]


def test_every_filter_has_a_label(client, pledges):
    html = client.get(reverse("pledges:list")).content.decode()
    form = page(client.get(reverse("pledges:list")))
    assert form is not None

    fields = re.findall(r'<(?:input|select)[^>]*\bid="(id_[^"]+)"', html)
    assert len(fields) >= 10
    for field_id in fields:
        assert f'for="{field_id}"' in html, field_id


def test_the_filters_are_kept_in_the_pages_links(client, kronoberg, monkeypatch, actor_a):
    monkeypatch.setattr(public, "PAGE_SIZE", 1)
    for year in (2020, 2022, 2024):
        pledge_saying(actor=actor_a, start_year=year, end_year=year + 3)

    response = client.get(
        reverse("pledges:list"), {"q": "Aktör", "county": kronoberg.slug, "year": 2023}
    )

    assert response.context["page"].paginator.count == 2
    content = response.content.decode()
    next_link = re.search(r'href="(\?[^"]*sida=2)"', content).group(1).replace("&amp;", "&")
    assert "q=Akt%C3%B6r" in next_link
    assert f"county={kronoberg.slug}" in next_link
    assert "year=2023" in next_link
    second = client.get(reverse("pledges:list") + next_link)
    assert second.context["page"].number == 2
    assert second.context["page"].paginator.count == 2


# A page of search results with every filter set costs the same for 2 pledges as for 40:
# the count, the page, the choices of six filters, the five chosen objects checked, and
# (SQLite) the page's measures for the highlights.
FILTERED_LIST_QUERIES = 14


@pytest.mark.parametrize("n", [2, 40])
def test_a_filtered_search_needs_no_more_queries_for_more_pledges(
    client, kronoberg, django_assert_max_num_queries, n
):
    programme_measure = factories.ProgrammeMeasureFactory(theme__programme__county=kronoberg)
    programme_measure.objectives.set([EnvironmentalObjective.objects.get(number=1)])
    programme_measure.global_goals.set([GlobalGoal.objects.get(number=7)])
    actors = factories.ActorFactory.create_batch(
        n, county=kronoberg, kind=Actor.Kind.COMPANY, municipality="0780"
    )
    second = factories.ProgrammeMeasureFactory(theme=programme_measure.theme)
    make_signed_pledges(actors, 3, [programme_measure, second])
    params = {
        "q": "åtgärd",
        "county": kronoberg.slug,
        "theme": programme_measure.theme_id,
        "programme_measure": programme_measure.pk,
        "objective": 1,
        "goal": 7,
        "kind": Actor.Kind.COMPANY,
        "municipality": "0780",
        "status": S.SIGNED,
    }

    with django_assert_max_num_queries(FILTERED_LIST_QUERIES):
        response = client.get(reverse("pledges:list"), params)

    assert response.context["page"].paginator.count == n
    assert len(response.context["page"].object_list) == min(n, public.PAGE_SIZE)
    assert all(p.highlight for p in response.context["page"].object_list)
