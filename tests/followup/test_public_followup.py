"""Accepted follow-up on the public pledge page; drafts and reports under review never."""

import datetime

import pytest
from django.urls import reverse

from followup.models import MeasureReport, Report, Round
from pledges.models import Party
from tests import factories
from tests.factories import fill, make_round, report_in_status

from .public_pages import followup_part, page_text

S = Report.Status
M = MeasureReport.Status


def test_each_measure_shows_its_latest_accepted_status_and_its_history(
    client, kronoberg, pledge_a, editor_a, coordinator
):
    halfway = make_round(kronoberg, Round.Kind.HALFWAY, datetime.date(2025, 6, 30))
    annual = make_round(kronoberg, Round.Kind.ANNUAL, datetime.date(2026, 3, 31))
    first = Report.objects.create_for(halfway, pledge_a)
    first.save_draft(by=editor_a, expected_revision=first.revision)
    fill(first, M.STARTED, party=Party.ACTOR, comment="Vi har börjat.")
    fill(first, M.DONE, party=Party.BOARD)
    first.submit(by=editor_a)
    first.accept(by=coordinator)

    second = Report.objects.create_for(annual, pledge_a)
    second.save_draft(by=editor_a, expected_revision=second.revision)
    fill(second, M.DONE, party=Party.ACTOR, comment="Nu är det klart.")
    second.submit(by=editor_a)
    # Submitted, not yet accepted: the public sees only the halfway report.
    text = followup_part(page_text(client, pledge_a))
    assert "Halvtidsuppföljning 2025: Påbörjad – Vi har börjat." in text
    assert "Senaste status: Påbörjad (Halvtidsuppföljning 2025)" in text
    assert "Nu är det klart" not in text and "Årlig uppföljning" not in text

    fill(second, M.DONE, party=Party.BOARD)
    second.accept(by=coordinator)
    text = followup_part(page_text(client, pledge_a))
    assert "Senaste status: Genomförd (Årlig uppföljning 2026)" in text
    # History in round order.
    assert text.index("Halvtidsuppföljning 2025: Påbörjad") < text.index(
        "Årlig uppföljning 2026: Genomförd – Nu är det klart."
    )
    # The board's own commitments are followed up too.
    assert "Länsstyrelsen: Länsstyrelsen ska stödja." in text


@pytest.mark.parametrize("status", [S.NOT_STARTED, S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED])
def test_reports_not_accepted_are_never_public(
    client, halfway_round, pledge_a, editor_a, coordinator, status
):
    report = Report.objects.create_for(halfway_round, pledge_a)
    report_in_status(status, report, editor=editor_a, coordinator=coordinator)
    text = page_text(client, pledge_a)
    assert followup_part(text) == ""
    assert "Genomförd" not in text


@pytest.mark.parametrize(("n_rounds", "n_measures"), [(1, 2), (4, 15)])
def test_the_follow_up_costs_one_query_whatever_its_size(
    client, kronoberg, actor_a, editor_a, coordinator, django_assert_max_num_queries,
    n_rounds, n_measures,
):  # fmt: skip
    pledge = factories.pledge_in_status("draft", actor=actor_a, start_year=2020, end_year=2023)
    for _ in range(n_measures - 1):
        factories.MeasureFactory(pledge=pledge)
    pledge.submit_for_review(by=coordinator)
    pledge.approve(by=coordinator)
    for signatory in pledge.signatories.all():
        signatory.record_signature(method="portal")
    pledge.mark_signed()
    for year in range(n_rounds):
        round = make_round(kronoberg, Round.Kind.ANNUAL, datetime.date(2021 + year, 3, 31))
        report_in_status(
            S.ACCEPTED, Report.objects.create_for(round, pledge), editor=editor_a,
            coordinator=coordinator,
        )  # fmt: skip
    # The pledge page's own queries (tests/pledges/test_query_counts.py; an unfrozen
    # pledge's content is read from its rows, and its links once more for the linked
    # numbers of its link lines) and one more.
    with django_assert_max_num_queries(6):
        text = page_text(client, pledge)
    assert followup_part(text).count("Senaste status") == n_measures + 1


def test_the_workspace_lists_reports_to_write_and_to_review(
    client, halfway_round, pledge_a, pledge_b, editor_a, editor_b, coordinator,
    other_coordinator,
):  # fmt: skip
    from followup.services import open_round

    open_round(round=halfway_round, pledges=[pledge_a, pledge_b])
    report_b = Report.objects.get(pledge=pledge_b)
    report_in_status(S.SUBMITTED, report_b, editor=editor_b, coordinator=coordinator)
    edit_a = reverse("followup:report_edit", args=[Report.objects.get(pledge=pledge_a).pk])
    review_b = reverse("followup:report_review", args=[report_b.pk])

    def todo(user):
        client.force_login(user)
        page = client.get(reverse("workspace")).content.decode()
        return page[page.index('id="attention-heading"') : page.index('id="pledges-heading"')]

    assert edit_a in todo(editor_a) and review_b not in todo(editor_a)
    # Submitted: nothing left for actor B to do; the coordinator reviews it.
    assert "Halvtidsuppföljning" not in todo(editor_b)
    assert review_b in todo(coordinator) and edit_a not in todo(coordinator)
    assert "Halvtidsuppföljning" not in todo(other_coordinator)
