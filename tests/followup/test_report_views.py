"""The actor's report list and report form, for every member of the cast; the form's
structure for assistive technology, and the list's pages."""

import datetime

import pytest
from django.urls import reverse

from actors.models import Membership
from followup.models import MeasureReport, Question, Report
from pledges.models import Party
from tests import factories
from tests.factories import make_round, report_in_status, signed_pledge_with
from tests.helpers import logged_in
from tests.html import by_id, by_tag, page, text

from .report_pages import actor_mr, board_mr, form_data, url_of

S = Report.Status


@pytest.fixture
def report_b(halfway_round, pledge_b):
    return Report.objects.create_for(halfway_round, pledge_b)


@pytest.fixture
def signatory_a(actor_a):
    return factories.MembershipFactory(actor=actor_a, role=Membership.Role.SIGNATORY).user


def input_names(response):
    """The names of the page's inputs and text areas (not its selects)."""
    root = page(response)
    return {
        dict(el.attributes).get("name")
        for el in [*by_tag(root, "input"), *by_tag(root, "textarea")]
        if dict(el.attributes).get("name")
    }


# The list ------------------------------------------------------------------


def test_the_list_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("followup:report_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "sees_a", "sees_b"),
    [
        ("editor_a", True, False),
        ("editor_b", False, True),
        ("coordinator", True, True),
        ("other_coordinator", False, False),
        ("signatory_a", True, False),
    ],
)
def test_the_list_shows_the_users_own_reports(
    client, as_user, report, report_b, who, sees_a, sees_b
):
    as_user(who)
    response = client.get(reverse("followup:report_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert (url_of(report) in content) is sees_a
    assert (url_of(report_b) in content) is sees_b


def test_the_list_groups_reports_by_status(client, coordinator, editor_a, report, report_b):
    report_in_status(S.SUBMITTED, report, editor=editor_a)
    client.force_login(coordinator)
    response = client.get(reverse("followup:report_list"))
    submitted = text(by_id(response, "reports-submitted"))
    not_started = by_id(response, "reports-not_started")
    assert submitted.startswith("Inskickad")
    assert url_of(report) in response.content.decode()
    assert not_started is not None
    assert "Halvtidsuppföljning 2025" in response.content.decode()
    assert "30 juni 2025" in response.content.decode()


def test_the_list_takes_the_same_queries_however_many_reports(
    client, coordinator, halfway_round, actor_a, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for n in range(3):
        Report.objects.create_for(
            halfway_round, signed_pledge_with(actor_a, 2, start_year=2000 + n, end_year=2040)
        )
    # One more than before pagination: the count per status, for the page's headings;
    # and one for the second factor.
    with django_assert_max_num_queries(10):
        client.get(reverse("followup:report_list"))
    for n in range(3, 12):
        Report.objects.create_for(
            halfway_round, signed_pledge_with(actor_a, 2, start_year=2000 + n, end_year=2040)
        )
    with django_assert_max_num_queries(10):
        response = client.get(reverse("followup:report_list"))
    assert response.content.decode().count("/arbetsyta/rapporter/") >= 12


# The form ------------------------------------------------------------------


def test_the_form_asks_anonymous_visitors_to_log_in(client, report):
    for method in (client.get, client.post):
        response = method(url_of(report))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["editor_b", "other_coordinator"])
def test_the_form_of_another_actor_or_county_is_not_found(client, as_user, report, who):
    as_user(who)
    assert client.get(url_of(report)).status_code == 404
    assert client.post(url_of(report), {"revision": 1, "action": "save"}).status_code == 404
    assert Report.objects.get(pk=report.pk).status == S.NOT_STARTED


@pytest.mark.parametrize("who", ["editor_a", "coordinator", "national_admin"])
def test_the_actors_editor_and_the_coordinator_fill_in_the_report(client, as_user, report, who):
    as_user(who)
    mr = actor_mr(report)
    response = client.get(url_of(report))
    assert response.status_code == 200
    assert f"m{mr.pk}-status" in input_names(response)
    saved = client.post(url_of(report), form_data(response, **{f"m{mr.pk}-status": "started"}))
    assert saved.status_code == 302
    assert MeasureReport.objects.get(pk=mr.pk).status == "started"
    assert Report.objects.get(pk=report.pk).status == S.DRAFT


def test_a_signatory_reads_the_report_but_cannot_change_it(client, signatory_a, report):
    client.force_login(signatory_a)
    response = client.get(url_of(report))
    assert response.status_code == 200
    assert "Spara utkast" not in response.content.decode()
    assert not any(name and name.startswith("m") for name in input_names(response))
    refused = client.post(
        url_of(report), {"revision": report.revision, f"m{actor_mr(report).pk}-status": "done"}
    )
    assert refused.status_code == 403
    assert MeasureReport.objects.get(pk=actor_mr(report).pk).status == ""


def test_the_actor_sees_the_boards_part_read_only_and_the_coordinator_writes_it(
    client, editor_a, coordinator, report
):
    board = board_mr(report)
    client.force_login(editor_a)
    response = client.get(url_of(report))
    assert f"m{board.pk}-status" not in input_names(response)
    assert "Länsstyrelsen rapporterar själv om sina åtaganden." in response.content.decode()
    # A forged field for the board's measure is ignored: the actor has no form for it.
    client.post(url_of(report), {**form_data(response), f"m{board.pk}-status": "done"})
    assert MeasureReport.objects.get(pk=board.pk).status == ""

    client.force_login(coordinator)
    response = client.get(url_of(report))
    assert f"m{board.pk}-status" in input_names(response)
    client.post(url_of(report), form_data(response, **{f"m{board.pk}-status": "done"}))
    assert MeasureReport.objects.get(pk=board.pk).status == "done"


def test_the_coordinator_reports_on_the_boards_part_while_the_report_awaits_review(
    client, editor_a, coordinator, report
):
    report_in_status(S.SUBMITTED, report, editor=editor_a)
    board, actor = board_mr(report), actor_mr(report)
    client.force_login(coordinator)
    response = client.get(url_of(report))
    names = input_names(response)
    assert f"m{board.pk}-status" in names
    assert f"m{actor.pk}-status" not in names
    assert "Skicka in" not in response.content.decode()
    saved = client.post(
        url_of(report),
        form_data(response, **{f"m{board.pk}-status": "half", f"m{board.pk}-comment": "Stöd."}),
    )
    assert saved.status_code == 302
    stored = Report.objects.get(pk=report.pk)
    assert stored.status == S.SUBMITTED
    assert MeasureReport.objects.get(pk=board.pk).comment == "Stöd."


@pytest.mark.parametrize("status", [S.SUBMITTED, S.ACCEPTED])
def test_a_report_out_of_the_actors_hands_is_read_only_to_them(
    client, editor_a, coordinator, report, status
):
    report_in_status(status, report, editor=editor_a, coordinator=coordinator)
    client.force_login(editor_a)
    response = client.get(url_of(report))
    assert response.status_code == 200
    assert "Spara utkast" not in response.content.decode()
    assert "Genomförd" in text(by_id(response, f"measure-{actor_mr(report).pk}"))
    refused = client.post(
        url_of(report),
        {
            "revision": report.revision,
            f"m{actor_mr(report).pk}-status": "started",
            f"m{actor_mr(report).pk}-comment": "Min text",
            "action": "save",
        },
    )
    assert refused.status_code == 403
    assert "kan inte ändras" in text(by_id(refused, "form-errors"))
    assert "Min text" in refused.content.decode()  # kept on the screen to copy
    assert MeasureReport.objects.get(pk=actor_mr(report).pk).status == "done"


def test_the_link_form_without_a_granted_session_is_not_found(client, report):
    assert client.get(reverse("followup:report_via_link", args=[report.pk])).status_code == 404


# The form's structure -----------------------------------------------------------


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


# The list across pages ---------------------------------------------------------


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
