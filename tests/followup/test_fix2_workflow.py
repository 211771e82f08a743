"""A report whose pledge was withdrawn, or whose round has closed, is no longer sent in."""

import datetime

import pytest
from django.utils import timezone

from followup.models import Report
from pledges.models import Party, TransitionError

from .conftest import fill, make_round, report_in_status
from .report_pages import actor_mr, board_mr, by_id, form_data, logged_in, text, url_of

S = Report.Status


# A withdrawn pledge ----------------------------------------------------------


def test_a_report_of_a_withdrawn_pledge_cannot_be_submitted(report, pledge_a, editor_a):
    report.start(by=editor_a)
    fill(report)
    pledge_a.withdraw(by=None)
    with pytest.raises(TransitionError, match="Löftet är återkallat"):
        report.submit(by=editor_a)
    assert Report.objects.get(pk=report.pk).status == S.DRAFT


def test_a_report_of_a_withdrawn_pledge_cannot_be_accepted(report, pledge_a, editor_a, coordinator):
    report_in_status(S.SUBMITTED, report, editor=editor_a)
    pledge_a.withdraw(by=None)
    with pytest.raises(TransitionError, match="Löftet är återkallat"):
        report.accept(by=coordinator)
    assert Report.objects.get(pk=report.pk).status == S.SUBMITTED


@pytest.mark.parametrize("who", ["editor_a", "coordinator"])
def test_the_form_of_a_withdrawn_pledges_report_is_read_only(
    request, report, pledge_a, editor_a, who
):
    report.start(by=editor_a)
    client = logged_in(request.getfixturevalue(who))
    page = client.get(url_of(report))
    pledge_a.withdraw(by=None)

    response = client.get(url_of(report))
    assert "Löftet är återkallat" in text(by_id(response, "read-only-notice"))
    assert response.context["page"].editable is False
    assert 'name="action"' not in response.content.decode()

    mr = actor_mr(report)
    refused = client.post(url_of(report), form_data(page, **{f"m{mr.pk}-status": "done"}))
    assert refused.status_code == 403
    assert "Löftet är återkallat" in text(by_id(refused, "form-errors"))
    assert Report.objects.get(pk=report.pk).revision == report.revision


# A closed round ----------------------------------------------------------------


@pytest.fixture
def closed_round(kronoberg, coordinator):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return make_round(kronoberg, due=yesterday - datetime.timedelta(days=30), closes=yesterday)


@pytest.fixture
def closed_report(closed_round, pledge_a):
    return Report.objects.create_for(closed_round, pledge_a)


def test_a_round_closing_today_is_still_open(report, editor_a):
    round = report.round
    round.due = round.closes = timezone.localdate()
    round.opens = round.due - datetime.timedelta(days=10)
    round.save()
    report.refresh_from_db()
    report.start(by=editor_a)
    fill(report)
    report.submit(by=editor_a)
    assert Report.objects.get(pk=report.pk).status == S.SUBMITTED


def test_a_report_is_not_submitted_after_the_round_closed(closed_report, editor_a):
    closed_report.start(by=editor_a)
    fill(closed_report)
    with pytest.raises(TransitionError, match="Omgången är stängd"):
        closed_report.submit(by=editor_a)


def test_the_actors_form_is_read_only_after_the_round_closed(closed_report, editor_a):
    closed_report.start(by=editor_a)
    client = logged_in(editor_a)
    response = client.get(url_of(closed_report))
    assert "Omgången är stängd" in text(by_id(response, "read-only-notice"))
    assert response.context["page"].actor_part is False
    assert 'name="action"' not in response.content.decode()

    mr = actor_mr(closed_report)
    data = {"revision": closed_report.revision, f"m{mr.pk}-status": "done", "action": "submit"}
    refused = client.post(url_of(closed_report), data)
    assert refused.status_code == 403
    assert "Omgången är stängd" in text(by_id(refused, "form-errors"))
    assert Report.objects.get(pk=closed_report.pk).status == S.DRAFT


def test_after_the_round_closed_the_coordinator_still_reports_and_accepts(
    closed_report, editor_a, coordinator
):
    closed_report.start(by=editor_a)
    fill(closed_report, party=Party.ACTOR)
    # Submitted in time (the round closed later).
    Report.objects.filter(pk=closed_report.pk).update(
        status=S.SUBMITTED, submitted_at=timezone.now()
    )
    client = logged_in(coordinator)
    response = client.get(url_of(closed_report))
    assert response.context["page"].board_part is True
    mr = board_mr(closed_report)
    saved = client.post(url_of(closed_report), form_data(response, **{f"m{mr.pk}-status": "done"}))
    assert saved.status_code == 302
    report = Report.objects.get(pk=closed_report.pk)
    report.accept(by=coordinator)
    assert Report.objects.get(pk=closed_report.pk).status == S.ACCEPTED
