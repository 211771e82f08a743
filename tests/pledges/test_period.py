"""A pledge runs within 2000–2100 and for at most ten years (2020–2030); a programme's
years and a follow-up round's dates lie within 2000–2100. Each refusal is a Swedish
message next to the field, with what was typed still in it."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from followup.models import Round
from pledges.models import Pledge, Programme
from tests import factories
from tests.factories import make_round
from tests.helpers import errors, validation_errors
from tests.html import field_error, field_value

from .editor_pages import pledge_data

OUT_OF_RANGE = "Skriv ett årtal mellan 2000 och 2100."


@pytest.fixture
def draft(actor_a):
    return factories.pledge_in_status(
        Pledge.Status.DRAFT, actor=actor_a, start_year=2026, end_year=2029
    )


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (1999, 2002, {"start_year": [OUT_OF_RANGE]}),
        (2026, 3100, {"end_year": [OUT_OF_RANGE]}),
        (1900, 3100, {"start_year": [OUT_OF_RANGE], "end_year": [OUT_OF_RANGE]}),
        (
            2026,
            2037,
            {
                "end_year": [
                    "Ett löfte gäller högst 10 år: med startåret 2026 är slutåret senast 2036."
                ]
            },
        ),
    ],
)
def test_the_model_refuses_an_absurd_period_on_the_right_field(draft, start, end, expected):
    draft.start_year, draft.end_year = start, end
    assert errors(draft) == expected


@pytest.mark.parametrize(("start", "end"), [(2000, 2000), (2026, 2036), (2090, 2100)])
def test_periods_at_the_limits_pass(draft, start, end):
    draft.start_year, draft.end_year = start, end
    assert validation_errors(draft) == {}


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("1999", "2002", "start_year", OUT_OF_RANGE),
        ("2026", "3100", "end_year", OUT_OF_RANGE),
        ("2026", "2040", "end_year", "Ett löfte gäller högst 10 år"),
    ],
)
def test_a_new_pledge_with_an_absurd_period_is_refused_beside_the_year(
    client, coordinator, actor_a, start, end, field, message
):
    client.force_login(coordinator)
    response = client.post(
        reverse("pledges:create"), {"actor": actor_a.pk, "start_year": start, "end_year": end}
    )
    assert response.status_code == 200
    assert message in field_error(response, field)
    other = "end_year" if field == "start_year" else "start_year"
    assert field_error(response, other) == ""
    assert (field_value(response, "start_year"), field_value(response, "end_year")) == (start, end)
    assert not Pledge.objects.exists()


def test_an_edited_period_too_long_is_refused_and_nothing_is_saved(client, editor_a, draft):
    client.force_login(editor_a)
    response = client.post(
        reverse("pledges:edit", args=[draft.pk]),
        pledge_data(draft, end_year=2040, introduction="Ny presentation."),
    )
    assert response.status_code == 200
    assert (
        "Ett löfte gäller högst 10 år: med startåret 2026 är slutåret senast 2036."
        in field_error(response, "end_year")
    )
    assert field_value(response, "introduction") == "Ny presentation."
    saved = Pledge.objects.get(pk=draft.pk)
    assert (saved.end_year, saved.introduction) == (2029, draft.introduction)


def test_one_bad_year_gets_one_message_not_a_second_about_the_saved_one(client, editor_a, draft):
    # The start year is fine, the end year is not a year in range: the saved end year
    # (2029, before the new start) must not be compared with it.
    client.force_login(editor_a)
    response = client.post(
        reverse("pledges:edit", args=[draft.pk]), pledge_data(draft, start_year=2040, end_year=3100)
    )
    assert response.status_code == 200
    assert field_error(response, "end_year") == OUT_OF_RANGE
    assert field_error(response, "start_year") == ""


def test_the_admin_refuses_an_absurd_period_beside_the_field(draft, national_admin):
    request = RequestFactory().get("/")
    request.user = national_admin
    form_class = admin.site._registry[Pledge].get_form(request, draft)
    data = {
        "county": draft.county_id,
        "actor": draft.actor_id,
        "slug": draft.slug,
        "start_year": 1900,
        "end_year": 3100,
        "introduction": draft.introduction,
        "signing_place": draft.signing_place,
    }
    form = form_class(data, instance=draft)
    assert not form.is_valid()
    assert form.errors["start_year"] == [OUT_OF_RANGE]
    assert form.errors["end_year"] == [OUT_OF_RANGE]
    assert "__all__" not in form.errors


@pytest.fixture
def programme(kronoberg):
    return factories.ProgrammeFactory(county=kronoberg, start_year=2021, end_year=2026)


def test_a_programme_outside_2000_to_2100_is_refused_beside_the_year(
    client, coordinator, programme
):
    client.force_login(coordinator)
    response = client.post(
        reverse("pledges:programme_edit", args=[programme.pk]),
        {"name": programme.name, "start_year": 1990, "end_year": 2026},
    )
    assert response.status_code == 200
    assert field_error(response, "start_year") == OUT_OF_RANGE
    assert Programme.objects.get(pk=programme.pk).start_year == 2021
    programme.end_year = 2200
    assert errors(programme) == {"end_year": [OUT_OF_RANGE]}


def test_a_rounds_date_in_year_202_is_refused_beside_the_date(client, coordinator, kronoberg):
    round = make_round(kronoberg, created_by=coordinator)
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:round_edit", args=[round.pk]),
        {"title": round.title, "opens": "0202-05-01", "due": round.due.isoformat()},
    )
    assert response.status_code == 200
    assert field_error(response, "opens") == "Välj ett datum mellan år 2000 och 2100."
    assert Round.objects.get(pk=round.pk).opens == round.opens
    round.due = datetime.date(2101, 1, 1)
    assert errors(round) == {"due": ["Välj ett datum mellan år 2000 och 2100."]}
