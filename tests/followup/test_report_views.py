"""The actor's report list and report form, for every member of the cast."""

import pytest
from django.urls import reverse

from actors.models import Membership
from followup.models import MeasureReport, Report
from tests import factories

from .conftest import report_in_status
from .report_pages import actor_mr, board_mr, by_id, form_data, signed_pledge_with, text

S = Report.Status


@pytest.fixture
def report_b(halfway_round, pledge_b):
    return Report.objects.create_for(halfway_round, pledge_b)


@pytest.fixture
def signatory_a(actor_a):
    return factories.MembershipFactory(actor=actor_a, role=Membership.Role.SIGNATORY).user


def edit_url(report):
    return reverse("followup:report_edit", args=[report.pk])


def input_names(response):
    return {
        dict(el.attributes).get("name")
        for el in _walk_inputs(response)
        if dict(el.attributes).get("name")
    }


def _walk_inputs(response):
    from tests.pledges.editor_pages import by_tag, page

    root = page(response)
    return [*by_tag(root, "input"), *by_tag(root, "textarea")]


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
    client, request, report, report_b, who, sees_a, sees_b
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("followup:report_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert (edit_url(report) in content) is sees_a
    assert (edit_url(report_b) in content) is sees_b


def test_the_list_groups_reports_by_status(client, coordinator, editor_a, report, report_b):
    report_in_status(S.SUBMITTED, report, editor=editor_a)
    client.force_login(coordinator)
    response = client.get(reverse("followup:report_list"))
    submitted = text(by_id(response, "reports-submitted"))
    not_started = by_id(response, "reports-not_started")
    assert submitted.startswith("Inskickad")
    assert edit_url(report) in response.content.decode()
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
    # One more than before pagination: the count per status, for the page's headings.
    with django_assert_max_num_queries(9):
        client.get(reverse("followup:report_list"))
    for n in range(3, 12):
        Report.objects.create_for(
            halfway_round, signed_pledge_with(actor_a, 2, start_year=2000 + n, end_year=2040)
        )
    with django_assert_max_num_queries(9):
        response = client.get(reverse("followup:report_list"))
    assert response.content.decode().count("/arbetsyta/rapporter/") >= 12


# The form ------------------------------------------------------------------


def test_the_form_asks_anonymous_visitors_to_log_in(client, report):
    for method in (client.get, client.post):
        response = method(edit_url(report))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["editor_b", "other_coordinator"])
def test_the_form_of_another_actor_or_county_is_not_found(client, request, report, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(edit_url(report)).status_code == 404
    assert client.post(edit_url(report), {"revision": 1, "action": "save"}).status_code == 404
    assert Report.objects.get(pk=report.pk).status == S.NOT_STARTED


@pytest.mark.parametrize("who", ["editor_a", "coordinator", "national_admin"])
def test_the_actors_editor_and_the_coordinator_fill_in_the_report(client, request, report, who):
    client.force_login(request.getfixturevalue(who))
    mr = actor_mr(report)
    response = client.get(edit_url(report))
    assert response.status_code == 200
    assert f"m{mr.pk}-status" in input_names(response)
    saved = client.post(edit_url(report), form_data(response, **{f"m{mr.pk}-status": "started"}))
    assert saved.status_code == 302
    assert MeasureReport.objects.get(pk=mr.pk).status == "started"
    assert Report.objects.get(pk=report.pk).status == S.DRAFT


def test_a_signatory_reads_the_report_but_cannot_change_it(client, signatory_a, report):
    client.force_login(signatory_a)
    response = client.get(edit_url(report))
    assert response.status_code == 200
    assert "Spara utkast" not in response.content.decode()
    assert not any(name and name.startswith("m") for name in input_names(response))
    refused = client.post(
        edit_url(report), {"revision": report.revision, f"m{actor_mr(report).pk}-status": "done"}
    )
    assert refused.status_code == 403
    assert MeasureReport.objects.get(pk=actor_mr(report).pk).status == ""


def test_the_actor_sees_the_boards_part_read_only_and_the_coordinator_writes_it(
    client, editor_a, coordinator, report
):
    board = board_mr(report)
    client.force_login(editor_a)
    response = client.get(edit_url(report))
    assert f"m{board.pk}-status" not in input_names(response)
    assert "Länsstyrelsen rapporterar själv om sina åtaganden." in response.content.decode()
    # A forged field for the board's measure is ignored: the actor has no form for it.
    client.post(edit_url(report), {**form_data(response), f"m{board.pk}-status": "done"})
    assert MeasureReport.objects.get(pk=board.pk).status == ""

    client.force_login(coordinator)
    response = client.get(edit_url(report))
    assert f"m{board.pk}-status" in input_names(response)
    client.post(edit_url(report), form_data(response, **{f"m{board.pk}-status": "done"}))
    assert MeasureReport.objects.get(pk=board.pk).status == "done"


def test_the_coordinator_reports_on_the_boards_part_while_the_report_awaits_review(
    client, editor_a, coordinator, report
):
    report_in_status(S.SUBMITTED, report, editor=editor_a)
    board, actor = board_mr(report), actor_mr(report)
    client.force_login(coordinator)
    response = client.get(edit_url(report))
    names = input_names(response)
    assert f"m{board.pk}-status" in names
    assert f"m{actor.pk}-status" not in names
    assert "Skicka in" not in response.content.decode()
    saved = client.post(
        edit_url(report),
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
    response = client.get(edit_url(report))
    assert response.status_code == 200
    assert "Spara utkast" not in response.content.decode()
    assert "Genomförd" in text(by_id(response, f"measure-{actor_mr(report).pk}"))
    refused = client.post(
        edit_url(report),
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
