"""Only signed and concluded pledges are public, to every member of the cast.

The pages where editors and coordinators see their own drafts are the workspace's and
the editor's (test_workspace.py, test_editor_access.py); the public pages stay public.
"""

import pytest
from django.urls import reverse

from pledges.models import Pledge
from tests import factories
from tests.helpers import CAST

S = Pledge.Status
PUBLISHED = [S.SIGNED, S.CONCLUDED]
UNPUBLISHED = [S.DRAFT, S.IN_REVIEW, S.APPROVED, S.WITHDRAWN]


@pytest.fixture(params=CAST)
def viewer(request, as_user):
    """A client signed in as one member of the cast (editor_a and coordinator are rightful)."""
    return as_user(request.param)


@pytest.fixture
def pledges_of_a(actor_a):
    """Actor A (Kronoberg) with one pledge in every status."""
    return {
        status: factories.pledge_in_status(status, actor=actor_a, start_year=2020 + i)
        for i, status in enumerate(S)
    }


def href(pledge):
    return f'href="{pledge.get_absolute_url()}"'


def test_the_fixture_has_a_pledge_in_every_status(pledges_of_a):
    assert {p.status for p in Pledge.objects.all()} == set(S)
    assert len({p.slug for p in pledges_of_a.values()}) == len(S)


def test_only_published_pledge_pages_are_shown(viewer, pledges_of_a):
    for status, pledge in pledges_of_a.items():
        response = viewer.get(pledge.get_absolute_url())
        if status in PUBLISHED:
            assert response.status_code == 200, status
            assert response.context["pledge"] == pledge
        else:
            assert response.status_code == 404, status


@pytest.mark.parametrize(
    "url",
    [
        lambda actor: reverse("pledges:list"),
        lambda actor: actor.get_absolute_url(),
        lambda actor: actor.county.get_absolute_url(),
        lambda actor: reverse("home"),
    ],
    ids=["pledge list", "actor page", "county page", "home page"],
)
def test_listings_show_only_published_pledges(viewer, pledges_of_a, actor_a, url):
    response = viewer.get(url(actor_a))
    assert response.status_code == 200
    page = response.content.decode()
    for status, pledge in pledges_of_a.items():
        assert (href(pledge) in page) == (status in PUBLISHED), status


def test_pledge_list_counts_only_published_pledges(client, pledges_of_a):
    response = client.get(reverse("pledges:list"))
    assert response.context["page"].paginator.count == len(PUBLISHED)


def test_county_filter_offers_only_counties_with_published_pledges(client, actor_a, kalmar):
    factories.pledge_in_status(S.SIGNED, actor=actor_a)
    factories.pledge_in_status(S.DRAFT, actor=factories.ActorFactory(county=kalmar))
    response = client.get(reverse("pledges:list"))
    offered = response.context["filters"].fields["county"].queryset
    assert list(offered) == [actor_a.county]


def test_actor_with_only_unpublished_pledges_has_no_public_page(viewer, kronoberg):
    for status in UNPUBLISHED:
        actor = factories.ActorFactory(county=kronoberg)
        factories.pledge_in_status(status, actor=actor)
        assert viewer.get(actor.get_absolute_url()).status_code == 404, status
    # Nor has an actor with all of them.
    actor = factories.ActorFactory(county=kronoberg)
    for i, status in enumerate(UNPUBLISHED):
        factories.pledge_in_status(status, actor=actor, start_year=2020 + i)
    assert viewer.get(actor.get_absolute_url()).status_code == 404


def test_actor_without_pledges_has_no_public_page(viewer, actor_b):
    assert viewer.get(actor_b.get_absolute_url()).status_code == 404


def test_actor_page_appears_once_a_pledge_is_signed(client, actor_b):
    draft = factories.pledge_in_status(S.DRAFT, actor=actor_b)
    assert client.get(actor_b.get_absolute_url()).status_code == 404
    signed = factories.pledge_in_status(S.SIGNED, actor=actor_b, start_year=2030, end_year=2033)
    page = client.get(actor_b.get_absolute_url()).content.decode()
    assert href(signed) in page
    assert href(draft) not in page


def test_county_page_shows_only_its_own_countys_pledges(client, actor_a, kalmar):
    ours = factories.pledge_in_status(S.SIGNED, actor=actor_a)
    theirs = factories.pledge_in_status(S.SIGNED, actor=factories.ActorFactory(county=kalmar))
    page = client.get(actor_a.county.get_absolute_url()).content.decode()
    assert href(ours) in page
    assert href(theirs) not in page


@pytest.mark.parametrize("path", ["/lofte/finns-inte/", "/aktorer/finns-inte/", "/lan/finns-inte/"])
def test_unknown_slugs_are_404(client, db, path):
    assert client.get(path).status_code == 404
