"""The dashboard's pages: who reaches them, that every figure links to the rows it
counts, that the filters live in the URL, and that a page is a fixed number of
queries whatever the number of pledges."""

import datetime
import re

import pytest
from django.urls import reverse

from followup import charts
from followup.models import MeasureReport, Report, Round
from pledges.models import MeasureLink, Party
from tests import factories
from tests.helpers import CAST, REQUEST_QUERIES, expected_status

# Beside the request's own: the county, the filter form's choices (3), the data's
# fingerprint, the figures (16: the measures' families are one) and the themes,
# objectives and goals they name (3). The same with 2 pledges or 200.
DASHBOARD_QUERIES = REQUEST_QUERIES + 24
# Asked again with the data unchanged: the figures come from the cache.
DASHBOARD_KEPT_QUERIES = REQUEST_QUERIES + 5
# The fingerprint, the figures per county (7), the counties, objectives and goals, the
# user's counties.
NATIONAL_QUERIES = REQUEST_QUERIES + 11
NATIONAL_KEPT_QUERIES = REQUEST_QUERIES + 2
ROWS_QUERIES = REQUEST_QUERIES + 8


def dashboard_url(county, **params):
    url = reverse("followup:dashboard", args=[county.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def pledges_with_reports(county, n, coordinator):
    """`n` signed pledges of `county`, linked to its programme, every other one with an
    accepted report in each of two rounds."""
    pm = factories.ProgrammeMeasureFactory(theme__programme__county=county)
    first = factories.make_round(county, Round.Kind.HALFWAY, due=datetime.date(2025, 6, 30))
    second = factories.make_round(county, Round.Kind.ANNUAL, due=datetime.date(2026, 3, 31))
    kinds = ["company", "municipality", "school"]
    for i in range(n):
        actor = factories.ActorFactory(county=county, kind=kinds[i % 3], municipality="0780")
        pledge = factories.signed_pledge_with(actor, 2, indicator_every=1, start_year=2022 + i % 3)
        measure = pledge.measures.filter(party=Party.ACTOR).first()
        MeasureLink.objects.bulk_create(
            [MeasureLink(measure=measure, programme_measure=pm, is_primary=True)]
        )
        if i % 2 == 0:
            for round, status in ((first, "started"), (second, "done")):
                report = Report.objects.create_for(round, pledge)
                report.save_draft(by=None, expected_revision=report.revision)
                report.measure_reports.update(status=status)
                MeasureReport.objects.filter(
                    report=report, measure__indicator_unit="ton CO₂e"
                ).update(indicator_value=3)
                report.submit(by=None)
                report.accept(by=coordinator)


@pytest.mark.parametrize("who", CAST)
def test_the_county_dashboard_against_the_cast(as_user, who, kronoberg, draft):
    response = as_user(who).get(dashboard_url(kronoberg))

    assert response.status_code == expected_status(who, of_kronoberg=True)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))
    if response.status_code == 200:
        assert "Översikt för Kronobergs län" in response.content.decode()


@pytest.mark.parametrize("who", CAST)
def test_the_rows_page_against_the_cast(as_user, who, kronoberg, draft):
    url = reverse("followup:dashboard_rows", args=[kronoberg.slug]) + "?status=none"
    response = as_user(who).get(url)

    assert response.status_code == expected_status(who, of_kronoberg=True)


@pytest.mark.parametrize("who", CAST)
def test_the_national_view_against_the_cast(as_user, who, kronoberg, draft):
    response = as_user(who).get(reverse("followup:national"))

    # Every coordinator reads it, the other county's too.
    assert response.status_code == expected_status(who, of_kronoberg=False)


def test_the_national_view_links_only_the_counties_one_coordinates(
    client, coordinator, kronoberg, kalmar
):
    factories.signed_pledge_with(factories.ActorFactory(county=kronoberg), 1)
    factories.signed_pledge_with(factories.ActorFactory(county=kalmar), 1)
    client.force_login(coordinator)
    page = client.get(reverse("followup:national")).content.decode()

    assert dashboard_url(kronoberg) in page
    assert dashboard_url(kalmar) not in page
    assert "Kalmar län" in page


def test_the_navigation_leads_a_coordinator_to_their_county(coordinator_client, kronoberg):
    response = coordinator_client.get(reverse("followup:dashboard_start"))

    assert response.status_code == 302
    assert response.url == dashboard_url(kronoberg)
    assert (
        reverse("followup:dashboard_start")
        in coordinator_client.get("/arbetsyta/").content.decode()
    )


def test_the_navigation_leads_the_national_administrator_to_the_national_view(
    client, national_admin
):
    client.force_login(national_admin)
    response = client.get(reverse("followup:dashboard_start"))

    assert response.url == reverse("followup:national")


@pytest.mark.parametrize("n", [2, 200])
def test_the_dashboard_is_a_fixed_number_of_queries(
    coordinator_client, coordinator, kronoberg, n, django_assert_max_num_queries
):
    pledges_with_reports(kronoberg, n, coordinator)

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = coordinator_client.get(dashboard_url(kronoberg, ar=2024, typ="company"))
    assert response.status_code == 200
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        assert coordinator_client.get(dashboard_url(kronoberg)).status_code == 200
    with django_assert_max_num_queries(ROWS_QUERIES):
        url = reverse("followup:dashboard_rows", args=[kronoberg.slug]) + "?status=done"
        assert coordinator_client.get(url).status_code == 200
    with django_assert_max_num_queries(NATIONAL_QUERIES):
        assert coordinator_client.get(reverse("followup:national")).status_code == 200
    # Asked again, nothing changed: the figures are the ones kept.
    with django_assert_max_num_queries(DASHBOARD_KEPT_QUERIES):
        again = coordinator_client.get(dashboard_url(kronoberg, ar=2024, typ="company"))
    # The same figures (the frame's CSRF token is masked anew for each response).
    figures = 'aria-labelledby="pledges-heading"'
    assert again.content.decode().split(figures)[1] == response.content.decode().split(figures)[1]
    with django_assert_max_num_queries(NATIONAL_KEPT_QUERIES):
        assert coordinator_client.get(reverse("followup:national")).status_code == 200


def filters_of(kind, kronoberg):
    """A dashboard's filters by name, as URL parameters."""
    from pledges.models import Theme

    if kind == "kind-and-year":
        return {"typ": "company", "ar": 2023}
    if kind == "theme":
        return {"tema": Theme.objects.filter(programme__county=kronoberg).first().pk}
    return {}


@pytest.mark.parametrize("filtered", ["none", "kind-and-year", "theme"])
def test_every_count_of_measures_links_to_as_many_rows(
    coordinator_client, coordinator, kronoberg, filtered
):
    pledges_with_reports(kronoberg, 5, coordinator)
    page = coordinator_client.get(
        dashboard_url(kronoberg, **filters_of(filtered, kronoberg))
    ).content.decode()
    rows_url = reverse("followup:dashboard_rows", args=[kronoberg.slug])
    links = re.findall(rf'<a href="({re.escape(rows_url)}[^"]*)">(\d+)</a>', page)

    assert len(links) > 5
    for href, n in links:
        rows = coordinator_client.get(href.replace("&amp;", "&"))
        assert rows.context["page"].paginator.count == int(n), href


@pytest.mark.parametrize("filtered", ["none", "kind-and-year", "theme"])
def test_every_count_of_pledges_links_to_as_many_in_the_workspace(
    coordinator_client, coordinator, kronoberg, draft, filtered
):
    pledges_with_reports(kronoberg, 4, coordinator)
    page = coordinator_client.get(
        dashboard_url(kronoberg, **filters_of(filtered, kronoberg))
    ).content.decode()
    workspace = reverse("workspace")
    links = re.findall(rf'<a href="({re.escape(workspace)}\?[^"]*)">(\d+)</a>', page)

    assert len(links) > 5
    for href, n in links:
        listed = coordinator_client.get(href.replace("&amp;", "&"))
        assert listed.context["page"].paginator.count == int(n), href


def test_the_filters_are_kept_in_the_url_and_checked(coordinator_client, kronoberg):
    response = coordinator_client.get(dashboard_url(kronoberg, ar="tjugo", typ="company"))

    assert response.status_code == 200
    assert response.context["form"].errors["ar"]
    # A filter that does not hold is not applied.
    assert response.context["data"].filters.kind == ""
    response = coordinator_client.get(dashboard_url(kronoberg, typ="company"))
    assert response.context["data"].filters.kind == "company"
    assert 'value="company" selected' in response.content.decode()


def test_another_countys_round_and_theme_are_not_filters(coordinator_client, kronoberg, kalmar):
    round = factories.make_round(kalmar)
    theme = factories.ThemeFactory(programme__county=kalmar)
    response = coordinator_client.get(dashboard_url(kronoberg, omgang=round.pk, tema=theme.pk))

    assert set(response.context["form"].errors) == {"omgang", "tema"}


def test_the_charts_carry_no_script_nor_style(coordinator_client, coordinator, kronoberg):
    pledges_with_reports(kronoberg, 3, coordinator)
    page = coordinator_client.get(dashboard_url(kronoberg)).content.decode()

    assert page.count("<svg") >= 5
    assert "<script" not in page.split("<main", 1)[1]
    assert "<style" not in page
    assert ' style="' not in page
    assert 'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg"' in page


def test_the_charts_stylesheet_is_the_one_pygal_writes():
    # If this fails, regenerate the file with followup.charts.write().
    assert charts.CSS_PATH.read_text(encoding="utf-8") == charts.stylesheet()


def test_the_national_counts_link_to_as_many_rows(client, national_admin, coordinator, kronoberg):
    pledges_with_reports(kronoberg, 4, coordinator)
    client.force_login(national_admin)
    page = client.get(reverse("followup:national")).content.decode()
    rows_url = reverse("followup:dashboard_rows", args=[kronoberg.slug])
    links = re.findall(rf'<a href="({re.escape(rows_url)}[^"]*)">(\d+)</a>', page)

    assert links
    for href, n in links:
        rows = client.get(href.replace("&amp;", "&"))
        assert rows.context["page"].paginator.count == int(n), href


def test_the_rows_page_keeps_what_the_figure_asked_when_filtered(coordinator_client, kronoberg):
    url = reverse("followup:dashboard_rows", args=[kronoberg.slug]) + "?status=done&parti=actor"
    page = coordinator_client.get(url).content.decode()

    assert '<input type="hidden" name="status" value="done">' in page
    assert '<input type="hidden" name="parti" value="actor">' in page


def test_late_reports_are_named_and_linked_and_invitations_counted(
    coordinator_client, kronoberg, actor_a, actor_b
):
    from followup.models import Notification

    round = factories.make_round(kronoberg, Round.Kind.HALFWAY, due=datetime.date(2025, 6, 30))
    late = Report.objects.create_for(round, factories.signed_pledge(actor=actor_a))
    late.save_draft(by=None, expected_revision=late.revision)
    Notification.objects.create(
        round=round,
        report=late,
        kind=Notification.Kind.INVITATION,
        key="invitation",
        sent_on=round.opens,
    )
    # A pledge withdrawn after the round opened owes nothing (followup/lateness.py).
    gone = factories.signed_pledge(actor=actor_b)
    Report.objects.create_for(round, gone)
    gone.withdraw(by=None)

    response = coordinator_client.get(dashboard_url(kronoberg))
    row = next(r for r in response.context["data"].completion["rounds"] if r.pk == round.pk)

    assert (row.asked, row.owed, row.invited, row.draft) == (1, 1, 1, 1)
    assert [report.pk for report in row.late] == [late.pk]
    page = response.content.decode()
    assert reverse("followup:report_review", args=[late.pk]) in page
    assert actor_a.name in page
