"""The coordinator's rounds: who may reach them, creating, proposing, opening, adding."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from followup.models import Report, Round
from pledges.models import Pledge
from tests import factories
from tests.factories import make_round, report_in_status
from tests.helpers import CAST, REQUEST_QUERIES, expected_status, messages_of

D = datetime.date


LIST_QUERIES = REQUEST_QUERIES + 1  # the rounds with their counts by status
# The round, its questions, the proposed pledges, the county's other pledges, the reports,
# and which of them have no representative to send to (followup_rounds).
DETAIL_QUERIES = REQUEST_QUERIES + 6


# Who may reach what


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["round_list", "round_create"])
def test_pages_without_an_object(as_user, who, name):
    response = as_user(who).get(reverse(f"followup:{name}"))
    assert response.status_code == expected_status(who, of_kronoberg=False)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


ROUND_PAGES = [
    ("round_detail", []),
    ("round_edit", []),
    ("round_export", ["csv"]),
    ("round_export", ["xlsx"]),
]


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(("name", "extra"), ROUND_PAGES, ids=["detail", "edit", "csv", "xlsx"])
def test_pages_of_kronobergs_round(as_user, halfway_round, who, name, extra):
    url = reverse(f"followup:{name}", args=[halfway_round.pk, *extra])
    response = as_user(who).get(url)
    assert response.status_code == expected_status(who, of_kronoberg=True)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["round_open", "round_add"])
def test_nobody_else_can_open_or_fill_kronobergs_round(as_user, halfway_round, pledge_a, who, name):
    if name == "round_add":
        halfway_round.mark_opened()
    response = as_user(who).post(
        reverse(f"followup:{name}", args=[halfway_round.pk]), {"pledges": [pledge_a.pk]}
    )
    if who in ("coordinator", "national_admin"):
        assert response.status_code == 302
        assert Report.objects.filter(round=halfway_round, pledge=pledge_a).exists()
    else:
        assert response.status_code == expected_status(who, of_kronoberg=True)
        assert not Report.objects.exists()
        if name == "round_open":
            halfway_round.refresh_from_db()
            assert not halfway_round.is_opened


@pytest.mark.parametrize("who", ["anonymous", "editor_a", "other_coordinator"])
def test_nobody_else_can_edit_kronobergs_round(as_user, halfway_round, who):
    response = as_user(who).post(
        reverse("followup:round_edit", args=[halfway_round.pk]),
        {"title": "Kapad", "opens": "2025-01-01", "due": "2025-02-01"},
    )
    assert response.status_code == expected_status(who, of_kronoberg=True)
    halfway_round.refresh_from_db()
    assert halfway_round.title == "Halvtidsuppföljning 2025"


def test_unknown_export_format_is_a_404(as_user, halfway_round):
    url = reverse("followup:round_export", args=[halfway_round.pk, "pdf"])
    assert as_user("coordinator").get(url).status_code == 404


# The list


def test_the_list_counts_reports_by_status(
    as_user, halfway_round, pledge_a, pledge_b, editor_a, kalmar
):
    halfway_round.mark_opened()
    submitted = Report.objects.create_for(halfway_round, pledge_a)
    report_in_status(Report.Status.SUBMITTED, submitted, editor=editor_a)
    Report.objects.create_for(halfway_round, pledge_b)
    make_round(kalmar, title="Kalmars omgång")

    response = as_user("coordinator").get(reverse("followup:round_list"))

    (round,) = response.context["rounds"]
    assert round == halfway_round
    counts = dict(round.status_counts)
    assert counts["Inskickad"] == 1
    assert counts["Ej påbörjad"] == 1
    assert round.n_reports == 2
    # Due 30 June 2025 and one report not sent in.
    assert round.n_late == 1
    assert "Kalmars omgång" not in response.content.decode()
    assert reverse("followup:round_create") in response.content.decode()


def test_a_round_whose_reports_are_all_accepted_is_done(
    as_user, halfway_round, pledge_a, editor_a, coordinator
):
    halfway_round.mark_opened()
    report = Report.objects.create_for(halfway_round, pledge_a)
    report_in_status(Report.Status.SUBMITTED, report, editor=editor_a, coordinator=coordinator)
    (round,) = as_user("coordinator").get(reverse("followup:round_list")).context["rounds"]
    assert not round.is_done
    report.accept(by=coordinator)
    response = as_user("coordinator").get(reverse("followup:round_list"))
    (round,) = response.context["rounds"]
    assert round.is_done and "Klar" in response.content.decode()


def test_the_national_administrator_sees_every_county(as_user, halfway_round, kalmar):
    make_round(kalmar, title="Kalmars omgång")
    response = as_user("national_admin").get(reverse("followup:round_list"))
    assert {r.title for r in response.context["rounds"]} == {
        "Halvtidsuppföljning 2025",
        "Kalmars omgång",
    }
    assert response.context["several_counties"]


@pytest.mark.parametrize("n", [1, 12])
def test_the_list_has_a_fixed_query_count(
    client, coordinator, kronoberg, django_assert_max_num_queries, n
):
    for i in range(n):
        round = make_round(kronoberg, due=D(2020 + i, 6, 30))
        round.mark_opened()
        for _ in range(2):
            Report.objects.create_for(
                round, factories.signed_pledge(start_year=2019 + i, end_year=2022 + i)
            )
    client.force_login(coordinator)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("followup:round_list"))
    assert len(response.context["rounds"]) == n


# Creating a round


def test_choosing_kind_and_year_fills_in_the_suggestion(as_user):
    response = as_user("coordinator").get(
        reverse("followup:round_create"), {"typ": "halfway", "ar": "2025"}
    )
    form = response.context["form"]
    assert form["title"].value() == "Halvtidsuppföljning 2025"
    assert form["opens"].value() == D(2025, 4, 1)
    assert form["due"].value() == D(2025, 6, 30)
    assert form["kind"].value() == "halfway"
    html = response.content.decode()
    assert 'value="2025-06-30"' in html
    # One county: nothing to choose.
    assert "county" not in form.fields


def test_the_first_step_alone_asks_for_kind_and_year(as_user):
    response = as_user("coordinator").get(reverse("followup:round_create"))
    assert response.context["form"] is None
    assert "Föreslå rubrik och datum" in response.content.decode()


def round_data(**values):
    data = {
        "kind": "final",
        "title": "Slutuppföljning 2027",
        "opens": "2027-02-01",
        "due": "2027-03-31",
        "closes": "",
        "question_1": "Har ni fått det stöd ni behövde från länsstyrelsen?",
        "question_2": "   ",
        "question_3": "Vill ni förnya löftet?",
    }
    data.update(values)
    return data


def test_creating_a_round(as_user, coordinator, kronoberg):
    response = as_user("coordinator").post(
        reverse("followup:round_create") + "?typ=final&ar=2027", round_data()
    )
    round = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:round_detail", args=[round.pk])
    assert (round.county, round.kind, round.opens, round.due, round.closes) == (
        kronoberg,
        "final",
        D(2027, 2, 1),
        D(2027, 3, 31),
        None,
    )
    assert round.created_by == coordinator
    assert not round.is_opened
    assert [q.text for q in round.questions.all()] == [
        "Har ni fått det stöd ni behövde från länsstyrelsen?",
        "Vill ni förnya löftet?",
    ]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"opens": "2027-04-01"},
            "due",
            "Sista dagen kan inte vara före den dag omgången öppnar.",
        ),
        (
            {"closes": "2027-03-01"},
            "closes",
            "Omgången kan inte stänga före sista dagen för rapport.",
        ),
        ({"due": "31 mars"}, "due", None),
        ({"title": ""}, "title", None),
    ],
)
def test_bad_dates_are_explained_next_to_the_field(as_user, values, field, message):
    response = as_user("coordinator").post(reverse("followup:round_create"), round_data(**values))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    if message:
        assert form.errors[field] == [message]
    # Only the field's own message: no generic one about the database constraint.
    assert not form.non_field_errors()
    assert not Round.objects.exists()


def test_a_coordinator_of_two_counties_chooses_among_theirs(as_user, coordinator, kalmar):
    factories.CountyRoleFactory(user=coordinator, county=kalmar)
    url = reverse("followup:round_create") + "?typ=annual&ar=2026"
    form = as_user("coordinator").get(url).context["form"]
    assert {c.code for c in form.fields["county"].queryset} == {"07", "08"}

    gotland = factories.county("09")
    response = as_user("coordinator").post(url, round_data(kind="annual", county=gotland.pk))
    assert "county" in response.context["form"].errors

    as_user("coordinator").post(url, round_data(kind="annual", county=kalmar.pk))
    assert Round.objects.get().county == kalmar


def test_editing_a_round_before_it_opens(as_user, halfway_round):
    halfway_round.questions.create(text="Gammal fråga", order=1)
    url = reverse("followup:round_edit", args=[halfway_round.pk])
    form = as_user("coordinator").get(url).context["form"]
    assert form["question_1"].value() == "Gammal fråga"

    response = as_user("coordinator").post(
        url,
        {
            "title": "Halvtid våren 2025",
            "opens": "2025-03-01",
            "due": "2025-06-15",
            "closes": "",
            "question_1": "",
            "question_2": "Ny fråga",
        },
    )
    assert response.status_code == 302
    halfway_round.refresh_from_db()
    assert (halfway_round.title, halfway_round.due, halfway_round.kind) == (
        "Halvtid våren 2025",
        D(2025, 6, 15),
        "halfway",
    )
    assert [q.text for q in halfway_round.questions.all()] == ["Ny fråga"]


def test_an_opened_round_is_not_edited(as_user, halfway_round):
    halfway_round.mark_opened()
    url = reverse("followup:round_edit", args=[halfway_round.pk])
    response = as_user("coordinator").post(
        url, {"title": "Ändrad", "opens": "2025-03-01", "due": "2025-06-15"}, follow=True
    )
    assert "Omgången är öppnad: datum och frågor kan inte ändras längre." in messages_of(response)
    halfway_round.refresh_from_db()
    assert halfway_round.title == "Halvtidsuppföljning 2025"


# Proposing and opening


@pytest.fixture
def county_pledges(actor_a, actor_b, kronoberg, kalmar):
    """Pledges of every kind around a halfway round due 30 June 2025."""
    signed = factories.pledge_in_status
    return {
        # Halfway 1 January 2025: proposed.
        "due": signed(Pledge.Status.SIGNED, actor=actor_a, start_year=2023, end_year=2026),
        # One year, halfway 1 July 2025: proposed.
        "one_year": signed(Pledge.Status.SIGNED, actor=actor_b, start_year=2025, end_year=2025),
        # Halfway 1 January 2028: signed, not proposed, but selectable.
        "later": signed(Pledge.Status.SIGNED, actor=actor_b, start_year=2026, end_year=2029),
        "withdrawn": signed(Pledge.Status.WITHDRAWN, actor=actor_a, start_year=2023, end_year=2026),
        "draft": signed(Pledge.Status.DRAFT, actor=actor_a, start_year=2024, end_year=2025),
        "kalmar": signed(
            Pledge.Status.SIGNED,
            actor=factories.ActorFactory(county=kalmar),
            start_year=2023,
            end_year=2026,
        ),
    }


def test_the_halfway_round_proposes_pledges_from_their_periods(
    as_user, halfway_round, county_pledges
):
    response = as_user("coordinator").get(reverse("followup:round_detail", args=[halfway_round.pk]))
    proposed = {p.pledge for p in response.context["proposals"]}
    assert proposed == {county_pledges["due"], county_pledges["one_year"]}
    owed = {p.pledge: p.owed_on for p in response.context["proposals"]}
    assert owed[county_pledges["due"]] == D(2025, 1, 1)
    assert set(response.context["others"]) == {county_pledges["later"]}
    html = response.content.decode()
    # Proposed pledges come checked, the others not, folded away.
    assert (
        f'value="{county_pledges["due"].pk}" id="pledge-{county_pledges["due"].pk}" checked' in html
    )
    assert f'value="{county_pledges["later"].pk}" id="pledge-{county_pledges["later"].pk}">' in html
    assert "<details" in html
    assert "halvtid 1 januari 2025" in html
    assert "Öppna omgången och skicka inbjudningar" in html


def test_opening_the_round_creates_the_reports(as_user, halfway_round, county_pledges):
    chosen = [county_pledges["due"], county_pledges["later"]]
    response = as_user("coordinator").post(
        reverse("followup:round_open", args=[halfway_round.pk]),
        {"pledges": [p.pk for p in chosen]},
        follow=True,
    )
    halfway_round.refresh_from_db()
    assert halfway_round.is_opened
    reports = Report.objects.filter(round=halfway_round)
    assert {r.pledge for r in reports} == set(chosen)
    # A report per pledge with a measure report per measure, not yet started.
    for report in reports:
        assert report.status == Report.Status.NOT_STARTED
        assert report.measure_reports.count() == report.pledge.measures.count() == 2
    assert "Omgången är öppnad: 2 löften följs upp." in messages_of(response)
    # Its opening day is long past: the invitations went out at once.
    assert not [m for m in messages_of(response) if "Inbjudningarna skickas" in m]
    assert response.context["reports"]
    # Once open, the page offers what is left to add.
    assert {p.pledge for p in response.context["proposals"]} == {county_pledges["one_year"]}


def test_opening_before_the_opening_day_says_when_invitations_go_out(
    as_user, kronoberg, county_pledges
):
    today = timezone.localdate()
    early = make_round(
        kronoberg,
        opens=today + datetime.timedelta(days=10),
        due=today + datetime.timedelta(days=60),
    )
    response = as_user("coordinator").post(
        reverse("followup:round_open", args=[early.pk]),
        {"pledges": [county_pledges["due"].pk]},
        follow=True,
    )
    day = date_format(early.opens, "j F Y")
    assert f"Inbjudningarna skickas den {day}, när omgången börjar." in messages_of(response)


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ([], "Välj minst ett löfte att följa upp."),
        (["withdrawn"], "Ett av de valda löftena kan inte följas upp i omgången."),
        (["kalmar"], "Ett av de valda löftena kan inte följas upp i omgången."),
        (["draft"], "Ett av de valda löftena kan inte följas upp i omgången."),
    ],
)
def test_opening_refuses_what_cannot_be_followed_up(
    as_user, halfway_round, county_pledges, choice, message
):
    response = as_user("coordinator").post(
        reverse("followup:round_open", args=[halfway_round.pk]),
        {"pledges": [county_pledges[name].pk for name in choice]},
        follow=True,
    )
    assert message in messages_of(response)
    halfway_round.refresh_from_db()
    assert not halfway_round.is_opened
    assert not Report.objects.exists()


def test_a_round_opens_once(as_user, halfway_round, county_pledges):
    url = reverse("followup:round_open", args=[halfway_round.pk])
    client = as_user("coordinator")
    client.post(url, {"pledges": [county_pledges["due"].pk]})
    response = client.post(url, {"pledges": [county_pledges["one_year"].pk]}, follow=True)
    assert "Omgången är redan öppnad." in messages_of(response)
    assert Report.objects.count() == 1


def test_adding_pledges_to_an_open_round(as_user, halfway_round, county_pledges):
    client = as_user("coordinator")
    client.post(
        reverse("followup:round_open", args=[halfway_round.pk]),
        {"pledges": [county_pledges["due"].pk]},
    )
    response = client.post(
        reverse("followup:round_add", args=[halfway_round.pk]),
        {"pledges": [county_pledges["one_year"].pk, county_pledges["later"].pk]},
        follow=True,
    )
    assert "2 löften har lagts till i omgången." in messages_of(response)
    assert Report.objects.filter(round=halfway_round).count() == 3
    assert "Alla länets undertecknade löften är med i omgången." in response.content.decode()


def test_adding_to_a_round_not_yet_open_is_refused(as_user, halfway_round, county_pledges):
    response = as_user("coordinator").post(
        reverse("followup:round_add", args=[halfway_round.pk]),
        {"pledges": [county_pledges["due"].pk]},
        follow=True,
    )
    assert "Omgången är inte öppnad." in messages_of(response)
    assert not Report.objects.exists()


def test_the_reports_table_marks_late_reports(as_user, halfway_round, pledge_a, pledge_b, editor_a):
    halfway_round.mark_opened()
    on_time = Report.objects.create_for(halfway_round, pledge_a)
    report_in_status(Report.Status.SUBMITTED, on_time, editor=editor_a)
    late = Report.objects.create_for(halfway_round, pledge_b)

    response = as_user("coordinator").get(reverse("followup:round_detail", args=[halfway_round.pk]))

    marked = {r.pk: r.is_late for r in response.context["reports"]}
    assert marked == {on_time.pk: False, late.pk: True}
    html = response.content.decode()
    assert reverse("followup:report_review", args=[on_time.pk]) in html
    assert reverse("followup:round_export", args=[halfway_round.pk, "xlsx"]) in html
    assert "1 rapport är sen" in html


def test_a_round_not_yet_due_has_no_late_reports(as_user, kronoberg, pledge_a):
    round = make_round(kronoberg, due=datetime.date.today() + datetime.timedelta(days=30))
    round.mark_opened()
    Report.objects.create_for(round, pledge_a)
    response = as_user("coordinator").get(reverse("followup:round_detail", args=[round.pk]))
    assert [r.is_late for r in response.context["reports"]] == [False]


@pytest.mark.parametrize("n", [1, 10])
@pytest.mark.parametrize("opened", [False, True])
def test_the_round_page_has_a_fixed_query_count(
    client, coordinator, kronoberg, halfway_round, django_assert_max_num_queries, n, opened
):
    pledges = [factories.signed_pledge(start_year=2023, end_year=2026) for _ in range(2 * n)]
    if opened:
        halfway_round.mark_opened()
        for pledge in pledges[:n]:
            Report.objects.create_for(halfway_round, pledge)
    for i in range(n):
        halfway_round.questions.create(text=f"Fråga {i}", order=i)
    client.force_login(coordinator)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("followup:round_detail", args=[halfway_round.pk]))
    assert response.status_code == 200
    assert len(response.context["reports"]) == (n if opened else 0)


def test_the_final_round_proposes_pledges_whose_period_has_ended(
    as_user, kronoberg, county_pledges
):
    final = make_round(kronoberg, kind=Round.Kind.FINAL, due=D(2027, 3, 31))
    response = as_user("coordinator").get(reverse("followup:round_detail", args=[final.pk]))
    assert {p.pledge for p in response.context["proposals"]} == {
        county_pledges["due"],
        county_pledges["one_year"],
    }
    assert "slutrapport senast 31 mars 2027" in response.content.decode()


def test_every_page_of_the_demos_rounds_opens(client, shared_demo):
    """The demo's rounds and reports in every state, as `make run` shows them."""
    client.force_login(shared_demo["coordinator"])
    rounds = client.get(reverse("followup:round_list")).context["rounds"]
    assert rounds
    for round in rounds:
        page = client.get(reverse("followup:round_detail", args=[round.pk]))
        assert page.status_code == 200
        for report in page.context["reports"]:
            review = client.get(reverse("followup:report_review", args=[report.pk]))
            assert review.status_code == 200, report
        for fmt in ("csv", "xlsx"):
            export = client.get(reverse("followup:round_export", args=[round.pk, fmt]))
            assert export.status_code == 200


@pytest.mark.parametrize("pk", ["99999999999999999999", "-99999999999999999999", "1e3"])
def test_a_pledge_id_beyond_what_the_database_holds_is_refused_with_a_message(
    as_user, halfway_round, county_pledges, pk
):
    response = as_user("coordinator").post(
        reverse("followup:round_open", args=[halfway_round.pk]),
        {"pledges": [county_pledges["due"].pk, pk]},
        follow=True,
    )
    assert response.status_code == 200
    halfway_round.refresh_from_db()
    assert not halfway_round.is_opened
    assert "Ett av de valda löftena kan inte följas upp i omgången." in response.content.decode()
