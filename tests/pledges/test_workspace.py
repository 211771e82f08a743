"""The workspace: each person's pledges, what needs doing, and the filters."""

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor
from pledges.models import Measure, Party, Pledge, Signatory
from tests import factories
from tests.helpers import CAST
from tests.html import by_class, by_tag, page, text

S = Pledge.Status


@pytest.fixture
def pledges(actor_a, actor_b, kalmar):
    """Pledges of two Kronoberg actors in several statuses, and one of Kalmar's."""
    Actor.objects.filter(pk=actor_a.pk).update(kind=Actor.Kind.COMPANY, municipality="0780")
    Actor.objects.filter(pk=actor_b.pk).update(kind=Actor.Kind.MUNICIPALITY, municipality="0764")
    kalmar_actor = factories.ActorFactory(county=kalmar, name="Kalmar Hamn AB", municipality="0880")
    a_draft = factories.pledge_in_status(S.DRAFT, actor=actor_a, start_year=2024, end_year=2027)
    factories.MeasureFactory(pledge=a_draft, heading="Solceller på lagret")
    return {
        "a_draft": a_draft,
        "a_review": factories.pledge_in_status(
            S.IN_REVIEW, actor=actor_a, start_year=2019, end_year=2022
        ),
        "b_approved": factories.pledge_in_status(
            S.APPROVED, actor=actor_b, start_year=2025, end_year=2028
        ),
        "b_signed": factories.pledge_in_status(
            S.SIGNED, actor=actor_b, start_year=2021, end_year=2024
        ),
        "kalmar": factories.pledge_in_status(
            S.IN_REVIEW, actor=kalmar_actor, start_year=2024, end_year=2027
        ),
    }


def listed(response, pledges):
    """The names (keys of `pledges`) of the pledges the workspace lists."""
    shown = {p.pk for p in response.context["page"].object_list}
    return {name for name, pledge in pledges.items() if pledge.pk in shown}


def attention_items(response) -> list[str]:
    """The "Att göra" list, item by item."""
    lists = by_class(page(response), "attention-list")
    return [text(item) for item in by_tag(lists[0], "li")] if lists else []


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", {"a_draft", "a_review", "b_approved", "b_signed"}),
        ("other_coordinator", {"kalmar"}),
        ("editor_a", {"a_draft", "a_review"}),
        ("editor_b", {"b_approved", "b_signed"}),
        ("national_admin", {"a_draft", "a_review", "b_approved", "b_signed", "kalmar"}),
    ],
)
def test_each_person_sees_their_own_pledges(as_user, client, pledges, who, expected):
    as_user(who)

    response = client.get(reverse("workspace"))

    assert response.status_code == 200
    assert listed(response, pledges) == expected
    content = response.content.decode()
    for name, pledge in pledges.items():
        link = reverse("pledges:edit", args=[pledge.pk])
        assert (link in content) == (name in expected)


def test_the_coordinator_sees_counts_by_status(client, coordinator, pledges):
    client.force_login(coordinator)

    response = client.get(reverse("workspace"))

    counts = {label: n for _value, label, n in response.context["status_counts"]}
    assert counts["Utkast"] == 1
    assert counts["Under granskning"] == 1
    assert counts["Godkänt för undertecknande"] == 1
    assert counts["Undertecknat"] == 1
    assert counts["Återkallat"] == 0
    assert "4 löften" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": S.IN_REVIEW}, {"a_review"}),
        ({"kind": Actor.Kind.MUNICIPALITY}, {"b_approved", "b_signed"}),
        ({"municipality": "0780"}, {"a_draft", "a_review"}),
        ({"year": 2020}, {"a_review"}),
        ({"year": 2024}, {"a_draft", "b_signed"}),
        ({"q": "solceller"}, {"a_draft"}),
        ({"q": "Aktör B"}, {"b_approved", "b_signed"}),
        ({"status": S.DRAFT, "municipality": "0764"}, set()),
    ],
    ids=["status", "kind", "municipality", "year", "year-end", "measure", "actor", "combined"],
)
def test_the_filters(client, coordinator, pledges, query, expected):
    client.force_login(coordinator)

    response = client.get(reverse("workspace"), query)

    assert listed(response, pledges) == expected


def test_the_municipality_filter_offers_the_users_own_municipalities(
    client, editor_a, coordinator, pledges
):
    client.force_login(editor_a)
    editors = client.get(reverse("workspace")).context["filters"].fields["municipality"].choices
    client.force_login(coordinator)
    coordinators = (
        client.get(reverse("workspace")).context["filters"].fields["municipality"].choices
    )

    assert [label for value, label in editors if value] == ["Växjö"]
    assert [label for value, label in coordinators if value] == ["Alvesta", "Växjö"]


def test_to_do_lists_pledges_in_review_and_approved_ones_missing_signatures(
    client, coordinator, pledges
):
    pledges["b_approved"].signatories.first().record_signature(method=Signatory.Method.PORTAL)
    client.force_login(coordinator)

    response = client.get(reverse("workspace"))

    assert sorted(attention_items(response)) == [
        "Aktör A AB 2019–2022 : väntar på granskning",
        "Aktör B AB 2025–2028 : väntar på 1 underskrift",
    ]


def test_to_do_counts_every_missing_signature(client, coordinator, pledges):
    client.force_login(coordinator)

    response = client.get(reverse("workspace"))

    assert "Aktör B AB 2025–2028 : väntar på 2 underskrifter" in attention_items(response)


def test_nothing_to_do(client, coordinator, actor_a):
    factories.pledge_in_status(S.DRAFT, actor=actor_a)
    client.force_login(coordinator)

    response = client.get(reverse("workspace"))

    assert attention_items(response) == []
    assert "Inget väntar på dig just nu." in text(page(response))


# The workspace costs the same number of queries however many pledges it lists.

# Measured for 2 pledges: session, user, the second factor, counties coordinated, memberships,
# municipalities, pledge count, status counts, whether the user may start a
# pledge, the page of pledges, the to-do list, the signatures awaiting the user,
# the follow-up reports to write or review, and the session saved again
# (SESSION_SAVE_EVERY_REQUEST: savepoint, update, release).
WORKSPACE_QUERIES = 16


def make_pledges(county, n):
    """`n` pledges of `n` actors in the four working statuses, each with measures and
    signatories; built in bulk, as the workflow itself is tested elsewhere."""
    now = timezone.now()
    statuses = [S.DRAFT, S.IN_REVIEW, S.APPROVED, S.SIGNED]
    actors = Actor.objects.bulk_create(
        Actor(county=county, name=f"Aktör {i}", slug=f"aktor-{i}", municipality=f"07{i:02}")
        for i in range(n)
    )
    pledges = Pledge.objects.bulk_create(
        Pledge(
            county=county,
            actor=actor,
            slug=f"lofte-{i}",
            start_year=2024,
            end_year=2027,
            status=statuses[i % 4],
            submitted_at=now if i % 4 else None,
            approved_at=now if i % 4 >= 2 else None,
            signed_at=now if i % 4 == 3 else None,
        )
        for i, actor in enumerate(actors)
    )
    Measure.objects.bulk_create(
        Measure(pledge=pledge, party=party, order=1, heading="Åtgärd", text="Text.")
        for pledge in pledges
        for party in Party.values
    )
    Signatory.objects.bulk_create(
        Signatory(pledge=pledge, party=party, name="Namn", title="Titel", organisation="Org")
        for pledge in pledges
        for party in Party.values
    )
    return pledges


@pytest.mark.parametrize("n", [2, 40])
def test_the_workspace_needs_no_more_queries_for_more_pledges(
    client, coordinator, kronoberg, django_assert_max_num_queries, n
):
    make_pledges(kronoberg, n)
    client.force_login(coordinator)

    with django_assert_max_num_queries(WORKSPACE_QUERIES):
        response = client.get(reverse("workspace"))

    assert len(response.context["page"].object_list) == n
    assert len(list(response.context["attention"])) == n // 2


@pytest.mark.parametrize(
    "query",
    [
        {"published": 1},
        {"county": "kalmar"},
        {"q": "AB"},
        {"theme": "theme", "published": 1},
        {"start": 2024, "end": 2027},
    ],
    ids=["published", "another-county", "search", "theme", "period"],
)
@pytest.mark.parametrize("who", CAST)
def test_no_filter_reaches_beyond_the_users_own_pledges(
    as_user, client, pledges, kalmar, who, query
):
    """The FilterSet narrows the user's own pledges; no filter widens them."""
    theme = factories.ThemeFactory(programme__county=kalmar)
    for pledge in pledges.values():
        if pledge.status == S.DRAFT:
            factories.MeasureLinkFactory(
                measure=pledge.measures.first(),
                programme_measure=factories.ProgrammeMeasureFactory(theme=theme),
            )
    query = dict(query)
    if query.get("county") == "kalmar":
        query["county"] = kalmar.slug
    if query.get("theme") == "theme":
        query["theme"] = theme.pk
    as_user(who)

    response = client.get(reverse("workspace"), query)

    if who == "anonymous":
        assert response.status_code == 302
        return
    reachable = {p.pk for p in Pledge.objects.workspace_of(response.wsgi_request.user)}
    shown = {p.pk for p in response.context["page"].object_list}
    assert shown <= reachable


def test_a_dashboard_link_says_what_it_narrowed(client, coordinator, kronoberg, pledges):
    theme = factories.ThemeFactory(programme__county=kronoberg, name="Klimat och energi")
    client.force_login(coordinator)

    response = client.get(
        reverse("workspace"), {"county": kronoberg.slug, "theme": theme.pk, "published": 1}
    )

    content = text(page(response))
    assert "Urval från översikten" in content
    assert "Klimat och energi" in content
    assert response.context["page"].paginator.count == 0
