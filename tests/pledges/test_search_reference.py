"""The reference pledge (the demo's, a real one) is found by the words of its
measures, on SQLite as on PostgreSQL, and by other forms of them on PostgreSQL.

Its own module: the demo is loaded once for a module, and the other search tests
need lists without it."""

import pytest
from django.db import connection
from django.urls import reverse

from actors.search import SEARCH_MAX_WORDS
from pledges.demo import REFERENCE_SLUG

from .search_pages import listed

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Swedish full-text search is PostgreSQL's"
)


@pytest.mark.parametrize("word", ["restvärme", "flygbränsle", "Restvärme"])
def test_the_reference_pledge_is_found_by_a_word_of_its_measures(client, shared_demo, word):
    found = [p.slug for p in listed(client, q=word)]

    assert REFERENCE_SLUG in found


@on_postgresql
@pytest.mark.parametrize("word", ["restvärmen", "fordonsbränslen", "industriella projekten"])
def test_swedish_stemming_finds_other_forms_of_the_word(client, shared_demo, word):
    found = [p.slug for p in listed(client, q=word)]

    assert REFERENCE_SLUG in found


def test_the_reference_pledge_is_found_by_its_actor_and_not_by_a_word_it_lacks(client, shared_demo):
    assert REFERENCE_SLUG in [p.slug for p in listed(client, q="Energikontor Sydost")]
    assert REFERENCE_SLUG not in [p.slug for p in listed(client, q="kärnkraftverk")]


def test_a_very_long_search_is_cut_not_refused(client, shared_demo):
    response = client.get(reverse("pledges:list"), {"q": "restvärme " * 500})

    assert response.status_code == 200
    assert response.context["query"] == " ".join(["restvärme"] * SEARCH_MAX_WORDS)


def test_the_front_page_searches_the_list(client, shared_demo):
    home = client.get(reverse("home")).content.decode()

    assert f'action="{reverse("pledges:list")}"' in home
    assert 'name="q"' in home
