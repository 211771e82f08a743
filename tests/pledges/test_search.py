"""Searching the public list: the actor's name, the introduction, the measures'
headings and texts; Swedish stemming and ranking on PostgreSQL; the matching words
highlighted, the rest of the text escaped."""

import pytest
from django.db import connection
from django.urls import reverse

from pledges.models import Pledge
from tests.html import by_class, page, text

from .search_pages import listed, pledge_saying

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Swedish full-text search is PostgreSQL's"
)


@pytest.mark.parametrize(
    ("where", "values"),
    [
        ("actor", {"actor__name": "Solkraft Värnamo AB"}),
        ("introduction", {"introduction": "Vi bygger solceller på taken."}),
        ("heading", {"measures": [("Solceller på lagret", "Vi bygger.")]}),
        ("text", {"measures": [("Energi", "Vi sätter solceller på lagret.")]}),
    ],
)
def test_each_part_of_a_pledge_is_searched(client, actor_a, actor_b, where, values):
    if "actor__name" in values:
        actor_a.name = values.pop("actor__name")
        actor_a.save()
    pledge = pledge_saying(actor=actor_a, **values)
    other = pledge_saying(actor=actor_b)

    found = listed(client, q="Solkraft" if where == "actor" else "solceller")

    assert pledge in found
    assert other not in found


@on_postgresql
@pytest.mark.parametrize("query", ["energi", "Sol", "energi Solkraft", "sol & | !:*"])
def test_a_word_finds_the_compounds_it_begins(client, actor_a, actor_b, query):
    actor_a.name = "Solkraft Värnamo AB"
    actor_a.save()
    pledge = pledge_saying(actor=actor_a, measures=[("Lokaler", "Energieffektiva lokaler.")])
    other = pledge_saying(actor=actor_b, measures=[("Resor", "Vi cyklar till jobbet.")])

    found = listed(client, q=query)

    # Whatever is typed is no tsquery syntax: the last one is the word "sol".
    assert pledge in found
    assert other not in found


@on_postgresql
def test_a_match_in_the_introduction_ranks_above_one_in_a_measure(client, actor_a, actor_b):
    # Actor A's name comes first in the list's order: the ranking must overturn it.
    in_measure = pledge_saying(actor=actor_a, measures=[("Energi", "Vi tar vara på restvärme.")])
    in_intro = pledge_saying(
        actor=actor_b, introduction="Vi säljer restvärme från vår fabrik till fjärrvärmen."
    )

    assert listed(client, q="restvärme") == [in_intro, in_measure]


def test_the_matching_words_are_highlighted(client, actor_a):
    pledge_saying(actor=actor_a, measures=[("Energi", "Vi tar vara på restvärme från ugnarna.")])

    response = client.get(reverse("pledges:list"), {"q": "restvärme"})

    highlights = by_class(page(response), "search-highlight")
    assert len(highlights) == 1
    assert "restvärme" in text(highlights[0])
    assert "<mark>restvärme</mark>" in response.content.decode()


def test_user_text_in_a_highlight_is_escaped(client, actor_a):
    pledge_saying(
        actor=actor_a,
        measures=[("Energi", 'Vi sparar <script>alert("x")</script> restvärme & el.')],
    )

    response = client.get(reverse("pledges:list"), {"q": "restvärme"})

    content = response.content.decode()
    assert "<script>alert" not in content
    # Escaped (PostgreSQL's ts_headline drops the tags themselves).
    assert "alert(&quot;x&quot;)" in content
    assert "<mark>restvärme</mark>" in content


def test_a_search_that_looks_like_markup_is_escaped(client, actor_a):
    pledge_saying(actor=actor_a, measures=[("Energi", "Vi visar <b>fet</b> text.")])

    response = client.get(reverse("pledges:list"), {"q": "<b>fet</b>"})

    content = response.content.decode()
    assert "<b>fet</b>" not in content
    assert response.context["page"].paginator.count in (0, 1)


@pytest.mark.parametrize(
    "status", [Pledge.Status.DRAFT, Pledge.Status.IN_REVIEW, Pledge.Status.APPROVED]
)
def test_an_unpublished_pledge_is_never_found(client, actor_a, status):
    pledge_saying(status, actor=actor_a, introduction="Hemligt fjärrkylaprojekt.")

    assert listed(client, q="fjärrkylaprojekt") == []


def test_a_withdrawn_pledge_is_never_found(client, actor_a):
    pledge_saying(Pledge.Status.WITHDRAWN, actor=actor_a, introduction="Hemlig fjärrkyla.")

    assert listed(client, q="fjärrkyla") == []
