"""Finding a programme measure from the measure form: without JavaScript, and with htmx."""

import pytest
from django.urls import reverse

from actors.search import SEARCH_MAX_LENGTH, search_query, search_words
from tests import factories


@pytest.fixture
def programme(kronoberg):
    theme = factories.ThemeFactory(programme__county=kronoberg, name="Klimat och energi")
    other = factories.ThemeFactory(programme=theme.programme, name="Hållbar konsumtion")
    factories.ProgrammeMeasureFactory(theme=theme, number="36", title="Restvärme i industrin")
    factories.ProgrammeMeasureFactory(theme=other, number="12", title="Minska matsvinnet")
    return theme.programme


@pytest.fixture
def draft(actor_a):
    return factories.PledgeFactory(actor=actor_a)


def results(html: str) -> str:
    """The search results region (the page also suggests every measure in a datalist)."""
    start = html.index('<div id="programme-search-results"')
    return html[start : html.index("</div>", start)]


def search(client, pledge, query, **headers):
    url = reverse("pledges:measure_create", args=[pledge.pk])
    return client.get(url, {"part": "actor", "sok": query}, **headers)


def test_search_without_javascript_shows_the_whole_form_with_the_results(
    client, coordinator, programme, draft
):
    client.force_login(coordinator)
    page = search(client, draft, "matsvinn").content.decode()
    assert "<strong>12, Hållbar konsumtion</strong> – Minska matsvinnet" in results(page)
    assert "Restvärme" not in results(page)
    assert 'name="links-TOTAL_FORMS"' in page


def test_search_by_number_and_by_theme(client, coordinator, programme, draft):
    client.force_login(coordinator)
    assert "36, Klimat och energi" in results(search(client, draft, "36").content.decode())
    found = results(search(client, draft, "klimat").content.decode())
    assert "36, Klimat och energi" in found
    assert "12, Hållbar konsumtion" not in found


def test_htmx_gets_only_the_results(client, coordinator, programme, draft):
    client.force_login(coordinator)
    page = search(client, draft, "restvärme", HTTP_HX_REQUEST="true").content.decode()
    assert page.lstrip().startswith('<div id="programme-search-results"')
    assert "36, Klimat och energi" in page
    assert "<form" not in page


def test_search_never_shows_another_countys_programme(client, coordinator, kalmar, draft):
    factories.ProgrammeMeasureFactory(
        theme__programme__county=kalmar, theme__name="Vatten", number="5", title="Kalmars åtgärd"
    )
    client.force_login(coordinator)
    assert "Kalmars åtgärd" not in search(client, draft, "Kalmars").content.decode()


@pytest.mark.parametrize("who", ["editor_b", "other_coordinator"])
def test_search_is_not_reachable_outside_the_pledge(client, as_user, who, programme, draft):
    as_user(who)
    response = search(client, draft, "36")
    assert response.status_code == 404
    assert "Restvärme" not in response.content.decode()


def test_a_programme_measure_can_be_linked_by_its_title(client, coordinator, programme, draft):
    client.force_login(coordinator)
    response = client.post(
        reverse("pledges:measure_create", args=[draft.pk]),
        {
            "revision": draft.revision,
            "part": "actor",
            "heading": "Restvärme",
            "text": "Vi levererar restvärme.",
            "links-TOTAL_FORMS": 1,
            "links-INITIAL_FORMS": 0,
            "links-0-reference": "Restvärme i industrin",
        },
    )
    assert response.status_code == 302
    measure = draft.measures.get(heading="Restvärme")
    assert measure.link_line() == "Koppling till åtgärd 36, tema Klimat och energi"


def test_a_search_of_many_words_is_answered_quickly(
    client, coordinator, programme, draft, django_assert_max_num_queries
):
    # 1,500 words made a query too deep for SQLite (a 500) and 11 s on PostgreSQL.
    client.force_login(coordinator)
    with django_assert_max_num_queries(20):
        response = search(client, draft, " ".join(["klimat"] * 1500), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "36, Klimat och energi" in response.content.decode()


def test_only_the_first_ten_words_of_a_search_count(client, coordinator, programme, draft):
    client.force_login(coordinator)
    first_ten = " ".join(["klimat"] * 10)
    found = search(client, draft, first_ten + " matsvinnet", HTTP_HX_REQUEST="true")
    assert "36, Klimat och energi" in found.content.decode()
    assert search_words(first_ten + " matsvinnet") == ["klimat"] * 10


def test_a_search_is_cut_to_a_length(client, db):
    assert len(search_query("x" * 100_000)) == SEARCH_MAX_LENGTH
    assert search_query("  två\n\tord  ") == "två ord"
