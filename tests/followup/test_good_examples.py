"""A coordinator of the pledge's county marks an accepted measure report or a published
pledge as a good example, with a text and (with the actor's consent) a picture; the
front page shows them while they are public; withdrawal removes them."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from followup.models import GoodExample, Report
from pledges.models import Pledge
from tests import factories
from tests.factories import report_in_status
from tests.files import pdf_bytes, png_bytes

ROLES = [
    ("anonymous", 302),
    ("editor_b", 404),
    ("other_coordinator", 404),
    ("editor_a", 403),
    ("signatory_a", 403),
    ("coordinator", 302),
]


@pytest.fixture
def accepted(report, cast):
    report_in_status(
        Report.Status.ACCEPTED, report, editor=cast["editor_a"], coordinator=cast["coordinator"]
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def measure_report(accepted):
    return accepted.measure_reports.select_related("measure").first()


def _example(coordinator, **kwargs):
    kwargs.setdefault("text", "Ett föredöme.")
    return GoodExample.objects.create(marked_by=coordinator, **kwargs)


@pytest.mark.parametrize(("who", "expected"), ROLES)
def test_mark_a_pledge_by_role(client, cast, pledge_a, who, expected):
    if who != "anonymous":
        client.force_login(cast[who])
    url = reverse("followup:good_example_pledge", kwargs={"pk": pledge_a.pk})
    response = client.post(url, {"text": "Restvärmen värmer hela kvarteret."})
    assert response.status_code == expected
    assert GoodExample.objects.filter(pledge=pledge_a).exists() == (who == "coordinator")


@pytest.mark.parametrize(("who", "expected"), ROLES)
def test_mark_a_measure_report_by_role(client, cast, measure_report, who, expected):
    if who != "anonymous":
        client.force_login(cast[who])
    pledge = measure_report.report.pledge
    url = reverse(
        "followup:good_example_measure_report", kwargs={"pk": pledge.pk, "mr_pk": measure_report.pk}
    )
    response = client.post(url, {"text": "Gjort före tidplanen."})
    assert response.status_code == expected
    assert GoodExample.objects.filter(measure_report=measure_report).exists() == (
        who == "coordinator"
    )


@pytest.mark.parametrize(("who", "expected"), ROLES)
def test_withdraw_by_role(client, cast, pledge_a, who, expected):
    example = _example(cast["coordinator"], pledge=pledge_a)
    if who != "anonymous":
        client.force_login(cast[who])
    response = client.post(reverse("followup:good_example_withdraw", kwargs={"pk": example.pk}))
    assert response.status_code == expected
    assert GoodExample.objects.filter(pk=example.pk).exists() == (who != "coordinator")


def test_withdraw_is_a_post(coordinator_client, coordinator, pledge_a):
    example = _example(coordinator, pledge=pledge_a)
    url = reverse("followup:good_example_withdraw", kwargs={"pk": example.pk})
    assert coordinator_client.get(url).status_code == 405


def test_a_report_not_accepted_cannot_be_marked(coordinator_client, report, cast):
    report_in_status(Report.Status.SUBMITTED, report, editor=cast["editor_a"])
    mr = report.measure_reports.first()
    url = reverse(
        "followup:good_example_measure_report", kwargs={"pk": report.pledge.pk, "mr_pk": mr.pk}
    )
    response = coordinator_client.post(url, {"text": "För tidigt."})
    assert response.status_code == 409
    assert "godkänd rapport" in response.content.decode()
    assert not GoodExample.objects.exists()


def test_an_unpublished_pledge_cannot_be_marked(coordinator_client, draft):
    url = reverse("followup:good_example_pledge", kwargs={"pk": draft.pk})
    response = coordinator_client.post(url, {"text": "För tidigt."})
    assert response.status_code == 409
    assert not GoodExample.objects.exists()


def test_one_thing_exactly(coordinator, pledge_a, measure_report):
    from django.db import transaction

    for both_or_neither in ({}, {"pledge": pledge_a, "measure_report": measure_report}):
        with pytest.raises(IntegrityError), transaction.atomic():
            _example(coordinator, **both_or_neither)


def test_the_front_page_shows_them_while_they_are_public(
    client, coordinator, pledge_a, measure_report
):
    _example(coordinator, pledge=pledge_a, text="Hela löftet är ett föredöme.")
    _example(coordinator, measure_report=measure_report, text="Åtgärden gjordes tidigt.")
    page = client.get(reverse("home")).content.decode()
    assert "Hela löftet är ett föredöme." in page
    assert "Åtgärden gjordes tidigt." in page
    pledge_a.withdraw(by=None)
    page = client.get(reverse("home")).content.decode()
    assert "föredöme" not in page and "gjordes tidigt" not in page


def test_a_draft_pledges_example_never_shows(client, coordinator, draft):
    _example(coordinator, pledge=draft, text="Ett utkast.")
    assert "Ett utkast." not in client.get(reverse("home")).content.decode()


def test_a_picture_with_consent_is_stored_under_a_random_name_and_shown(
    coordinator_client, client, pledge_a, media
):
    url = reverse("followup:good_example_pledge", kwargs={"pk": pledge_a.pk})
    response = coordinator_client.post(
        url,
        {
            "text": "Solceller på taket.",
            "picture_consent": "on",
            "picture": SimpleUploadedFile("taket.png", png_bytes(), "image/png"),
            "picture_description": "Solceller på ett tak.",
        },
    )
    assert response.status_code == 302
    example = GoodExample.objects.get()
    assert example.picture.name.startswith("good-examples/")
    assert "taket" not in example.picture.name
    client.logout()
    page = client.get(reverse("home")).content.decode()
    assert example.picture_url() in page and 'alt="Solceller på ett tak."' in page
    picture = client.get(example.picture_url())
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    assert b"".join(picture.streaming_content) == png_bytes()
    default_storage.delete(example.picture.name)  # gone from the storage: a 404, not a 500
    assert client.get(example.picture_url()).status_code == 404


def test_a_picture_without_consent_is_refused(coordinator_client, pledge_a, media):
    url = reverse("followup:good_example_pledge", kwargs={"pk": pledge_a.pk})
    response = coordinator_client.post(
        url,
        {
            "text": "Solceller.",
            "picture": SimpleUploadedFile("taket.png", png_bytes(), "image/png"),
            "picture_description": "Tak.",
        },
    )
    assert response.status_code == 200
    assert not GoodExample.objects.exists()


def test_a_picture_is_checked_by_its_content_and_size(coordinator_client, pledge_a, media):
    url = reverse("followup:good_example_pledge", kwargs={"pk": pledge_a.pk})
    for upload in (
        SimpleUploadedFile("bild.png", pdf_bytes(), "image/png"),
        SimpleUploadedFile("bild.pdf", pdf_bytes(), "application/pdf"),
        SimpleUploadedFile("bild.png", png_bytes() + b"\0" * (2 * 1024 * 1024), "image/png"),
    ):
        response = coordinator_client.post(
            url,
            {
                "text": "Solceller.",
                "picture_consent": "on",
                "picture": upload,
                "picture_description": "Tak.",
            },
        )
        assert response.status_code in (200, 413)
    assert not GoodExample.objects.exists()


def test_the_picture_of_a_hidden_example_is_a_404(client, coordinator, draft, media):
    example = _example(
        coordinator,
        pledge=draft,
        picture_consent=True,
        picture=SimpleUploadedFile("x.png", png_bytes()),
    )
    assert client.get(example.picture_url()).status_code == 404


def test_theme_filter(coordinator, pledge_a, measure_report):
    theme = factories.ThemeFactory(programme__county=pledge_a.county)
    pm = factories.ProgrammeMeasureFactory(theme=theme)
    from pledges.models import MeasureLink

    MeasureLink.objects.bulk_create(
        [MeasureLink(measure=measure_report.measure, programme_measure=pm)]
    )
    on_theme = _example(coordinator, measure_report=measure_report)
    _example(coordinator, pledge=factories.signed_pledge(actor=pledge_a.actor))
    assert list(GoodExample.objects.shown().of_theme(theme)) == [on_theme]


def test_the_theme_page_shows_the_examples_serving_the_theme(
    client, coordinator, pledge_a, measure_report
):
    theme = factories.ThemeFactory(programme__county=pledge_a.county)
    pm = factories.ProgrammeMeasureFactory(theme=theme)
    from pledges.models import MeasureLink

    MeasureLink.objects.bulk_create(
        [MeasureLink(measure=measure_report.measure, programme_measure=pm)]
    )
    _example(coordinator, measure_report=measure_report, text="Restvärmen värmer skolan.")
    _example(
        coordinator,
        pledge=factories.signed_pledge(actor=pledge_a.actor),
        text="Ett exempel i ett annat tema.",
    )
    url = reverse("pledges:theme", args=[pledge_a.county.slug, theme.pk])
    page = client.get(url).content.decode()
    assert "Restvärmen värmer skolan." in page
    assert "Ett exempel i ett annat tema." not in page


def test_the_editor_shows_the_controls_to_the_coordinator_only(
    client, coordinator, editor_a, pledge_a, measure_report
):
    client.force_login(coordinator)
    page = client.get(reverse("pledges:edit", kwargs={"pk": pledge_a.pk})).content.decode()
    assert reverse("followup:good_example_pledge", kwargs={"pk": pledge_a.pk}) in page
    client.force_login(editor_a)
    page = client.get(reverse("pledges:edit", kwargs={"pk": pledge_a.pk})).content.decode()
    assert reverse("followup:good_example_pledge", kwargs={"pk": pledge_a.pk}) not in page


@pytest.mark.parametrize("n", [1, 6])
def test_front_page_query_count(client, coordinator, django_assert_max_num_queries, n, actor_a):
    for i in range(n):
        pledge = factories.signed_pledge(actor=actor_a, start_year=2020 + i, end_year=2023 + i)
        _example(coordinator, pledge=pledge)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("home")).status_code == 200


def test_published_statuses_are_what_the_examples_show():
    assert set(Pledge.PUBLISHED_STATUSES) == {"signed", "concluded"}
