"""The public list filters by the latest accepted follow-up status of the actors'
measures: a filter followup adds to pledges' FilterSet (pledges.filters.add_filter),
kept in the URL, combinable with the search and the other filters; reports not
accepted never count."""

import datetime

import pytest
from django.urls import reverse

from followup.models import MeasureReport, Report, Round
from pledges.filters import PublicPledgeFilterSet, add_filter
from pledges.models import Party, Pledge
from tests.factories import fill, make_round
from tests.html import by_id, page, text
from tests.pledges.search_pages import listed, pledge_saying

M = MeasureReport.Status
R = Report.Status


def reported(pledge, round, status, *, editor, coordinator, accept=True):
    report = Report.objects.create_for(round, pledge)
    report.save_draft(by=editor, expected_revision=report.revision)
    fill(report, status, party=Party.ACTOR)
    fill(report, M.DONE, party=Party.BOARD)
    report.submit(by=editor)
    if accept:
        report.accept(by=coordinator)
    return report


@pytest.fixture
def pledges(kronoberg, actor_a, actor_b, editor_a, editor_b, coordinator):
    halfway = make_round(kronoberg, Round.Kind.HALFWAY, datetime.date(2025, 6, 30))
    annual = make_round(kronoberg, Round.Kind.ANNUAL, datetime.date(2026, 3, 31))
    made = {
        "done": pledge_saying(actor=actor_a, measures=[("Solceller", "Vi bygger solceller.")]),
        "started": pledge_saying(actor=actor_b, measures=[("Biogas", "Vi kör på biogas.")]),
        "submitted": pledge_saying(actor=actor_a, measures=[("Solvärme", "Solceller och värme.")]),
        "none": pledge_saying(actor=actor_b, measures=[("Cykel", "Vi cyklar till solcellerna.")]),
    }
    # Started, then done: its latest status is done, started no longer.
    a = {"editor": editor_a, "coordinator": coordinator}
    b = {"editor": editor_b, "coordinator": coordinator}
    reported(made["done"], halfway, M.STARTED, **a)
    reported(made["done"], annual, M.DONE, **a)
    reported(made["started"], halfway, M.STARTED, **b)
    # Submitted, never accepted: as if not followed up.
    reported(made["submitted"], halfway, M.DONE, **a, accept=False)
    # A draft saying the same words: never listed.
    pledge_saying(Pledge.Status.DRAFT, actor=actor_a, measures=[("Solceller", "Solceller.")])
    return made


def names(client, pledges, **params):
    shown = {p.pk for p in listed(client, **params)}
    return {name for name, pledge in pledges.items() if pledge.pk in shown}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"done", "started", "submitted", "none"}),
        ({"followup": M.DONE}, {"done"}),
        ({"followup": M.STARTED}, {"started"}),
        ({"followup": M.HALF}, set()),
        ({"followup": "none"}, {"submitted", "none"}),
        ({"followup": M.DONE, "q": "solceller"}, {"done"}),
        ({"followup": "none", "q": "solceller"}, {"submitted", "none"}),
        ({"followup": "none", "q": "biogas"}, set()),
        ({"followup": M.STARTED, "q": "biogas"}, {"started"}),
        ({"followup": "none", "status": "signed", "kind": "company"}, {"submitted", "none"}),
    ],
)
def test_the_latest_status_filter_narrows_the_list(client, pledges, params, expected):
    assert names(client, pledges, **params) == expected


def test_the_filter_has_a_label_swedish_options_and_stays_in_the_form(client, pledges):
    response = client.get(reverse("pledges:list"), {"followup": M.DONE, "q": "solceller"})
    select = by_id(page(response), "id_followup")
    options = text(select)
    for label in ("Genomförd", "Påbörjad", "Ej aktuell", "Ingen godkänd uppföljning ännu"):
        assert label in options
    html = response.content.decode()
    label = by_id(page(response), "div_id_followup")
    assert text(label).startswith("Senaste uppföljning")
    assert '<option value="done" selected>' in html
    assert "(2 filter valda)" not in html and "(1 filter valt)" in html


def test_an_unknown_value_is_ignored_as_the_other_filters_are(client, pledges):
    assert names(client, pledges, followup="kanske") == set(pledges)


def test_the_filter_is_registered_once(db):
    assert "followup" in PublicPledgeFilterSet.base_filters
    with pytest.raises(ValueError):
        add_filter(PublicPledgeFilterSet, "followup", object())
