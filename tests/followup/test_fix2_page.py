"""The report page's structure for assistive technology, and the paginated list."""

import datetime

import pytest
from django.urls import reverse

from followup.models import Question, Report
from pledges.models import Party
from tests import factories
from tests.pledges.editor_pages import by_id, by_tag, page, text

from .conftest import make_round
from .report_pages import logged_in, signed_pledge_with, url_of

S = Report.Status


CONTROLS = ("input", "textarea", "select")


def attrs(element) -> dict:
    return dict(element.attributes)


def controls(element) -> list:
    return [e for name in CONTROLS for e in by_tag(element, name)]


def test_a_questions_answer_and_comment_are_grouped_under_the_question(report, editor_a):
    question = Question.objects.create(round=report.round, text="Har ni en energiplan?")
    html = page(logged_in(editor_a).get(url_of(report)))
    group = by_id(html, f"question-{question.pk}")
    assert group.name == "fieldset"
    legend = next(c for c in group.children if getattr(c, "name", None) == "legend")
    assert text(legend) == "Har ni en energiplan?"
    names = {attrs(c).get("name") for c in controls(group)}
    assert {f"q{question.pk}-yes", f"q{question.pk}-text"} <= names


def test_measures_shown_read_only_are_sections_with_a_heading_not_fieldsets(report, editor_a):
    board = report.measure_reports.get(measure__party=Party.BOARD)
    actor = report.measure_reports.get(measure__party=Party.ACTOR)
    html = page(logged_in(editor_a).get(url_of(report)))

    shown = by_id(html, f"measure-{board.pk}")
    assert shown.name == "section"
    heading = by_id(html, attrs(shown)["aria-labelledby"])
    assert heading.name == "h3" and text(heading) == str(board.measure)
    assert controls(shown) == []

    # The actor's own measure, with its controls, stays a fieldset.
    assert by_id(html, f"measure-{actor.pk}").name == "fieldset"


def test_no_fieldset_on_the_page_is_without_controls(report, editor_a, coordinator):
    Question.objects.create(round=report.round, text="Har ni en energiplan?")
    for user in (editor_a, coordinator):
        html = page(logged_in(user).get(url_of(report)))
        for fieldset in by_tag(html, "fieldset"):
            assert controls(fieldset), fieldset


# The list ----------------------------------------------------------------------


@pytest.fixture
def thirty_reports(kronoberg, kalmar, coordinator):
    kalmar_actor = factories.ActorFactory(county=kalmar)
    rounds = {
        kronoberg: make_round(kronoberg, due=datetime.date(2025, 6, 30)),
        kalmar: make_round(kalmar, due=datetime.date(2025, 6, 30)),
    }
    reports = []
    for n in range(30):
        county = kronoberg if n % 2 else kalmar
        actor = factories.ActorFactory(county=county) if county == kronoberg else kalmar_actor
        pledge = signed_pledge_with(actor, 1, start_year=2000 + n, end_year=2040)
        reports.append(Report.objects.create_for(rounds[county], pledge))
    return reports


def test_the_list_is_paginated_for_a_national_admin(client, national_admin, thirty_reports):
    client.force_login(national_admin)
    url = reverse("followup:report_list")
    first = client.get(url)
    assert first.context["page"].paginator.count == 30
    assert len(first.context["page"].object_list) == 25
    html = page(first)
    assert any(attrs(nav).get("aria-label") == "Sidor" for nav in by_tag(html, "nav"))
    assert "Sida 1 av 2" in text(html)
    # The heading counts every report with that status, not just this page's.
    assert text(by_id(html, "reports-not_started")).endswith("30")

    second = client.get(url, {"sida": 2})
    assert len(second.context["page"].object_list) == 5
    shown = {r.pk for r in first.context["page"].object_list} | {
        r.pk for r in second.context["page"].object_list
    }
    assert shown == {r.pk for r in thirty_reports}


def test_the_list_puts_what_needs_the_actor_first_across_pages(
    client, national_admin, thirty_reports, editor_a
):
    last = thirty_reports[-1]
    Report.objects.filter(pk=last.pk).update(status=S.DRAFT)
    client.force_login(national_admin)
    response = client.get(reverse("followup:report_list"))
    statuses = [r.status for r in response.context["page"].object_list]
    assert statuses[0] == S.NOT_STARTED and S.DRAFT not in statuses
    second = client.get(reverse("followup:report_list"), {"sida": 2})
    assert list(second.context["page"].object_list)[-1].pk == last.pk
