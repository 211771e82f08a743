"""The dashboards keep their figures in the shared cache while the data they count is
unchanged (followup/views/dashboard.py, `kept`), and show any change at the next
request: after each kind of change, the page shows what a page computed afresh shows.
The kept figures are nobody's in particular: no CSRF token, no viewer's name."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from followup.models import Notification, Report, Round
from tests import factories
from tests.followup.test_dashboard_pages import dashboard_url, pledges_with_reports

FIGURES = 'aria-labelledby="pledges-heading"'


def figures(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    # The figures: everything after the frame (its form's CSRF token is masked anew for
    # each response) up to the page's footer.
    return response.content.decode().split(FIGURES, 1)[1].split("</main>", 1)[0]


def afresh(client, url) -> str:
    cache.clear()
    return figures(client, url)


@pytest.fixture
def county_with_reports(kronoberg, coordinator):
    pledges_with_reports(kronoberg, 4, coordinator)
    return kronoberg


def accept_a_new_report(county, coordinator):
    round = factories.make_round(county, Round.Kind.ANNUAL)
    pledge = factories.signed_pledge_with(factories.ActorFactory(county=county), 2)
    report = Report.objects.create_for(round, pledge)
    report.save_draft(by=None, expected_revision=report.revision)
    report.measure_reports.update(status="done")
    report.submit(by=None)
    report.accept(by=coordinator)


def rename_an_actor(county, coordinator):
    actor = county.actors.filter(pledges__status="signed").first()
    actor.kind = "school" if actor.kind != "school" else "company"
    actor.save()


def add_a_representative(county, coordinator):
    actor = county.actors.filter(memberships__isnull=True).first()
    factories.MembershipFactory(actor=actor)


def withdraw_a_pledge(county, coordinator):
    pledge = county.pledges.filter(status="signed").first()
    pledge.withdraw(by=coordinator, note="Fel aktör.")


def invite_to_a_round(county, coordinator):
    report = Report.objects.filter(round__county=county).first()
    Notification.objects.bulk_create(
        [
            Notification(
                round=report.round,
                report=report,
                kind=Notification.Kind.INVITATION,
                key="invitation",
                sent_on=report.round.opens,
            )
        ]
    )


CHANGES = [
    accept_a_new_report,
    rename_an_actor,
    add_a_representative,
    withdraw_a_pledge,
    invite_to_a_round,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_a_change_shows_on_the_dashboard_at_the_next_request(
    change, county_with_reports, coordinator, coordinator_client
):
    url = dashboard_url(county_with_reports)
    before = figures(coordinator_client, url)
    assert figures(coordinator_client, url) == before, "unchanged data: the kept figures"

    change(county_with_reports, coordinator)

    after = figures(coordinator_client, url)
    assert after != before
    assert after == afresh(coordinator_client, url)


NATIONAL_CHANGES = [accept_a_new_report, withdraw_a_pledge]


@pytest.mark.parametrize("change", NATIONAL_CHANGES, ids=[c.__name__ for c in NATIONAL_CHANGES])
def test_a_change_shows_on_the_national_view_at_the_next_request(
    change, county_with_reports, coordinator, coordinator_client
):
    url = reverse("followup:national")
    before = coordinator_client.get(url).content.decode().split("<h1", 1)[1]
    change(county_with_reports, coordinator)
    after = coordinator_client.get(url).content.decode().split("<h1", 1)[1]
    assert after != before
    cache.clear()
    assert (
        after.splitlines()
        == coordinator_client.get(url).content.decode().split("<h1", 1)[1].splitlines()
    )


def test_the_kept_figures_carry_no_token_and_no_viewer(
    county_with_reports, coordinator, coordinator_client, client, monkeypatch
):
    coordinator.full_name = "Sigrid Särskildnamn"
    coordinator.save()
    kept = []
    keep = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, value, *a, **k: (kept.append(value), keep(key, value, *a, **k))
    )
    url = dashboard_url(county_with_reports, typ="company")
    assert coordinator_client.get(url).status_code == 200
    entries = [value for value in kept if isinstance(value, dict) and "html" in value]
    assert len(entries) == 1
    assert FIGURES in entries[0]["html"]
    assert "csrfmiddlewaretoken" not in entries[0]["html"]
    assert "Sigrid Särskildnamn" not in entries[0]["html"]
    # Another coordinator of the county is given the same figures, with their own frame.
    other = factories.CountyRoleFactory(county=county_with_reports).user
    client.force_login(other)
    assert figures(client, url) == figures(coordinator_client, url)


def test_each_language_has_its_own_figures(county_with_reports, coordinator_client):
    swedish = figures(coordinator_client, dashboard_url(county_with_reports))
    english = figures(coordinator_client, "/en" + dashboard_url(county_with_reports))
    assert "Aktörernas åtgärder" in swedish
    assert "Aktörernas åtgärder" not in english
