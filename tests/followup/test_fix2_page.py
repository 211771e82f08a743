"""The report page's structure for assistive technology."""

from django.test import Client
from django.urls import reverse

from followup.models import Question
from pledges.models import Party
from tests.pledges.editor_pages import by_id, by_tag, page, text


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def url_of(report):
    return reverse("followup:report_edit", args=[report.pk])


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
