"""The API's pledges are kept in the shared cache under the public pages' versions
(actors/pagecache.py): asked again, a page is not computed again; after a change that
the public pages show, the next answer shows it too."""

from django.core.cache import cache

from tests.api.test_resources import get, slugs
from tests.helpers import REQUEST_QUERIES


def test_a_page_asked_again_is_the_one_kept(client, world, django_assert_max_num_queries):
    first = get(client, "/api/pledges/", page_size=1)
    detail = get(client, f"/api/pledges/{world['signed'].slug}/")
    # The throttle and the filters' choices are checked each time; the pledges are not
    # read again.
    with django_assert_max_num_queries(REQUEST_QUERIES + 1):
        assert get(client, "/api/pledges/", page_size=1) == first
    with django_assert_max_num_queries(REQUEST_QUERIES):
        assert get(client, f"/api/pledges/{world['signed'].slug}/") == detail
    # Another page, another entry.
    assert get(client, "/api/pledges/", page_size=1, page=2) != first


def test_an_actor_renamed_shows_at_the_next_answer(client, world):
    signed = world["signed"]
    get(client, "/api/pledges/")
    get(client, f"/api/pledges/{signed.slug}/")
    actor = signed.actor
    actor.name = "Nytt namn AB"
    actor.save()
    listed = {p["slug"]: p for p in get(client, "/api/pledges/")["results"]}
    assert listed[signed.slug]["actor"]["name"] == "Nytt namn AB"
    assert get(client, f"/api/pledges/{signed.slug}/")["actor"]["name"] == "Nytt namn AB"


def test_a_withdrawn_pledge_is_gone_at_the_next_answer(client, world, coordinator):
    signed = world["signed"]
    assert signed.slug in slugs(get(client, "/api/pledges/"))
    get(client, f"/api/pledges/{signed.slug}/")
    signed.withdraw(by=coordinator, note="Fel aktör.")
    assert signed.slug not in slugs(get(client, "/api/pledges/"))
    assert client.get(f"/api/pledges/{signed.slug}/").status_code == 404


def test_what_is_kept_is_the_same_as_what_is_computed(client, world):
    kept = [get(client, "/api/pledges/"), get(client, "/api/pledges/")]
    cache.clear()
    assert kept[0] == kept[1] == get(client, "/api/pledges/")
