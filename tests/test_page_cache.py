"""The public pages served from the shared cache (actors/pagecache.py): a published
pledge's page, the list, an actor's and a county's page.

A visitor without a session gets the page from the cache while nothing it shows has
changed, without rendering and without a query; each change a page shows (a signing,
a PDF rendered, a report accepted, a conclusion, a withdrawal, a renewal, an actor's
rename, the county's contact details, its programme's themes) shows on the next
request; a signed-in person never gets the cached page, nor anybody else theirs.
Every test runs with the per-process cache and with a real Redis (as production runs
it with several web processes).
"""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date

from actors.pagecache import LIST_KEY, pledge_key
from followup.models import Report
from followup.services import accept_report
from pledges.models import MeasureLink, Pledge, SignedVersion
from pledges.services import create_successor, pledge_transition
from pledges.tasks import render_signed_pdf
from tests import factories
from tests.helpers import logged_in
from tests.test_redis_cache import redis_cache  # noqa: F401  (the fixture)


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def shared_cache(request):
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return request.param


@pytest.fixture
def pledge(actor_a):
    return factories.signed_pledge(actor=actor_a, start_year=2023, end_year=2026)


@pytest.fixture
def pages(pledge):
    """Every cached page kind, with the pledge on it."""
    return {
        "detail": pledge.get_absolute_url(),
        "list": reverse("pledges:list"),
        "list filtered": reverse("pledges:list") + f"?county={pledge.county.slug}&sida=1",
        "english detail": f"/en{pledge.get_absolute_url()}",
        "actor": pledge.actor.get_absolute_url(),
        "county": pledge.county.get_absolute_url(),
    }


def anonymous_get(url, **headers):
    """A visitor's first request: no cookie of any kind."""
    return Client().get(url, **headers)


def rendered(response) -> bool:
    return bool(response.templates)


def signed_in(response) -> bool:
    """The page is a signed-in person's: it offers to sign out (a form with a token)."""
    page = response.content.decode()
    return reverse("logout") in page and "csrfmiddlewaretoken" in page


PAGE_KINDS = ["detail", "list", "list filtered", "english detail", "actor", "county"]


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_an_unchanged_page_is_served_again_without_rendering_or_queries(
    pages, kind, django_assert_max_num_queries
):
    first = anonymous_get(pages[kind])
    assert first.status_code == 200
    assert rendered(first)
    with django_assert_max_num_queries(0):
        second = anonymous_get(pages[kind])
    assert second.status_code == 200
    assert not rendered(second)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, no-cache"
    assert "Cookie" in second["Vary"]
    assert second["Content-Language"] == ("en" if kind.startswith("english") else "sv")


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_a_cached_page_carries_no_token_no_cookie_and_nobody_s_name(pages, kind, coordinator):
    # A coordinator looks at the page first: what they get is never stored for others.
    own = logged_in(coordinator).get(pages[kind])
    assert signed_in(own)
    for response in (anonymous_get(pages[kind]), anonymous_get(pages[kind])):
        page = response.content.decode()
        assert "csrfmiddlewaretoken" not in page
        assert not signed_in(response)
        assert coordinator.email not in page
        assert coordinator.get_full_name() not in page
        assert not response.cookies
        assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_a_signed_in_person_never_gets_the_cached_page(pages, kind, editor_a):
    anonymous_get(pages[kind])
    assert not rendered(anonymous_get(pages[kind]))  # in the cache
    client = logged_in(editor_a)
    response = client.get(pages[kind])
    assert rendered(response)
    assert signed_in(response)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
    # Nor a visitor holding a session (a report link's grant, say): served live.
    holder = Client()
    session = holder.session
    session["report-link"] = 1
    session.save()
    holder.cookies["sessionid"] = session.session_key
    assert rendered(holder.get(pages[kind]))


def test_the_query_string_is_part_of_the_key_in_any_order(pages, pledge):
    url = reverse("pledges:list")
    anonymous_get(f"{url}?county={pledge.county.slug}&status=signed")
    assert not rendered(anonymous_get(f"{url}?status=signed&county={pledge.county.slug}"))
    other = anonymous_get(f"{url}?status=concluded&county={pledge.county.slug}")
    assert rendered(other)
    assert str(pledge.actor.name) not in other.content.decode()


def test_htmx_s_partial_request_is_a_variant_of_its_own(pages):
    anonymous_get(pages["list"])
    assert rendered(anonymous_get(pages["list"], HTTP_HX_REQUEST="true"))
    assert not rendered(anonymous_get(pages["list"], HTTP_HX_REQUEST="true"))


# Conditional GET -------------------------------------------------------------------


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_the_etag_and_last_modified_answer_304(pages, kind, django_assert_max_num_queries):
    first = anonymous_get(pages[kind])
    etag, last_modified = first["ETag"], first["Last-Modified"]
    with django_assert_max_num_queries(0):
        again = anonymous_get(pages[kind], HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert anonymous_get(pages[kind], HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC).timestamp())
    assert anonymous_get(pages[kind], HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    assert anonymous_get(pages[kind], HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_the_etag_changes_with_the_language_and_the_query(pages):
    etags = {anonymous_get(pages[k])["ETag"] for k in ("detail", "english detail")}
    etags |= {anonymous_get(pages[k])["ETag"] for k in ("list", "list filtered")}
    assert len(etags) == 4


def test_an_evicted_version_never_comes_back_to_an_old_value(pages, pledge):
    first = anonymous_get(pages["detail"])
    cache.delete(pledge_key(pledge.slug))
    second = anonymous_get(pages["detail"])
    assert rendered(second)
    assert second["ETag"] != first["ETag"]
    assert anonymous_get(pages["detail"], HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    cache.delete(LIST_KEY)
    assert rendered(anonymous_get(pages["list"]))


# Each change shows on the next request ------------------------------------------------


def warm(*urls) -> dict[str, str]:
    """Request each page twice (the second from the cache); their ETags."""
    etags = {}
    for url in urls:
        etags[url] = anonymous_get(url)["ETag"]
        assert not rendered(anonymous_get(url))
    return etags


def assert_changed(etags, text, *, absent=False):
    for url, etag in etags.items():
        response = anonymous_get(url)
        assert response.status_code == 200, url
        assert response["ETag"] != etag, url
        assert rendered(response), url
        assert (text not in response.content.decode()) == absent, url
        assert anonymous_get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200, url


def test_a_signing_shows_in_the_list_and_on_the_actor_s_and_county_s_pages(
    actor_a, coordinator, settings, pages
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    approved = factories.pledge_in_status(
        Pledge.Status.APPROVED, actor=actor_a, start_year=2027, end_year=2030
    )
    etags = warm(pages["list"], pages["actor"], pages["county"])
    factories.sign_on_paper(approved, by=coordinator)
    assert_changed(etags, "2027–2030")


def test_the_pdf_rendered_after_the_signing_shows_on_the_pledge_s_page(
    actor_a, coordinator, settings, media
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    approved = factories.pledge_in_status(Pledge.Status.APPROVED, actor=actor_a)
    version = factories.sign_on_paper(approved, by=coordinator)
    url = approved.get_absolute_url()
    pdf = reverse("pledges:pdf", args=[approved.slug])
    etags = warm(url)
    assert f'href="{pdf}"' not in anonymous_get(url).content.decode()
    render_signed_pdf.call(version_id=version.pk)
    assert_changed(etags, f'href="{pdf}"')


def test_an_accepted_report_shows_on_the_pledge_s_and_county_s_pages(
    pledge, pages, coordinator, editor_a
):
    round_ = factories.make_round(pledge.county, created_by=coordinator)
    report = Report.objects.create_for(round_, pledge)
    factories.report_in_status(Report.Status.SUBMITTED, report, editor=editor_a)
    etags = warm(pages["detail"], pages["english detail"])
    county = warm(pages["county"])
    assert round_.title not in anonymous_get(pages["detail"]).content.decode()
    accept_report(report=report, by=coordinator, notify=False)
    assert_changed(etags, round_.title)
    assert_changed(county, "")


def test_a_conclusion_shows_everywhere_the_pledge_is(pledge, pages, coordinator):
    concluded = str(Pledge.Status.CONCLUDED.label)
    assert concluded not in anonymous_get(pages["detail"]).content.decode()
    etags = warm(*(url for kind, url in pages.items() if kind != "english detail"))
    pledge_transition(
        pledge=pledge, action="conclude", user=coordinator, note="Klart.", revision=pledge.revision
    )
    assert_changed(etags, concluded)


def test_a_withdrawn_pledge_is_gone_at_once(pledge, pages, coordinator):
    warm(pages["detail"], pages["list"])
    pledge_transition(
        pledge=pledge, action="withdraw", user=coordinator, note="Fel.", revision=pledge.revision
    )
    assert anonymous_get(pages["detail"]).status_code == 404
    assert pledge.get_absolute_url() not in anonymous_get(pages["list"]).content.decode()


@pytest.mark.parametrize("change", ["renewal", "amendment"])
def test_a_signed_renewal_or_amendment_shows_on_the_pledge_it_follows(
    pledge, pages, coordinator, settings, change
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    successor = create_successor(pledge=pledge, change=change, user=coordinator)
    for action in ("submit", "approve"):
        successor.refresh_from_db()
        pledge_transition(
            pledge=successor, action=action, user=coordinator, note="", revision=successor.revision
        )
    etags = warm(pages["detail"], pages["actor"])
    factories.sign_on_paper(successor, by=coordinator)
    assert_changed(etags, successor.get_absolute_url())


def test_an_actor_s_rename_shows_on_its_pages(pledge, pages, coordinator, actor_a):
    etags = warm(pages["detail"], pages["list"], pages["actor"], pages["county"])
    response = logged_in(coordinator).post(
        reverse("actors:edit", args=[actor_a.slug]),
        {
            "county": actor_a.county_id,
            "name": "Nytt Namn AB",
            "kind": actor_a.kind,
            "organisation_number": actor_a.organisation_number,
            "municipality": actor_a.municipality,
            "website": actor_a.website,
            "description": actor_a.description,
        },
    )
    assert response.status_code == 302
    assert_changed(etags, "Nytt Namn AB")


def test_the_county_s_contact_details_show_on_its_pledges_pages(pledge, pages, coordinator):
    etags = warm(pages["detail"], pages["actor"], pages["county"])
    response = logged_in(coordinator).post(
        reverse("actors:county_contact", args=[pledge.county.slug]),
        {
            "contact_email": "miljomal@lansstyrelsen.example",
            "contact_phone": "010-223 70 00",
            "contact_address": "Länsstyrelsen, 351 86 Växjö",
            "website": "",
        },
    )
    assert response.status_code == 302
    assert_changed(etags, "miljomal@lansstyrelsen.example")


def test_a_theme_s_new_name_shows_in_the_list_and_on_the_county_s_page(pledge, pages, coordinator):
    programme = factories.ProgrammeFactory(county=pledge.county)
    theme = factories.ThemeFactory(programme=programme, name="Klimat")
    served = factories.ProgrammeMeasureFactory(theme=theme)
    # The signed pledge serves it (written past the pledge's lock: it is signed).
    MeasureLink.objects.bulk_create(
        [MeasureLink(measure=pledge.measures.first(), programme_measure=served, is_primary=True)]
    )
    etags = warm(pages["list"], pages["list filtered"], pages["county"])
    response = logged_in(coordinator).post(
        reverse("pledges:theme_edit", args=[theme.pk]), {"name": "Klimat och energi", "order": 1}
    )
    assert response.status_code == 302
    assert_changed(etags, "Klimat och energi")


def test_another_pledge_s_change_leaves_this_page_in_the_cache(pledge, pages, actor_b, kalmar):
    other = factories.signed_pledge(actor=factories.ActorFactory(county=kalmar))
    warm(pages["detail"], pages["actor"])
    other.conclude(note="Perioden är slut.")
    assert not rendered(anonymous_get(pages["detail"]))
    assert not rendered(anonymous_get(pages["actor"]))


# The signed PDF ----------------------------------------------------------------------


@pytest.fixture
def rendered_pdf(pledge, media):
    version = SignedVersion.objects.create(pledge=pledge, content={})
    SignedVersion.objects.filter(pk=version.pk).update(
        sha256="ab" * 32,
        pdf_size=9,
        rendered_at=datetime.datetime(2025, 5, 1, 12, tzinfo=datetime.UTC),
    )
    version.refresh_from_db()
    # Through the storage: the folder, or the bucket in .ci/run's S3 pass.
    name = default_storage.save("signed/p.pdf", ContentFile(b"%PDF-1.7\n"))
    SignedVersion.objects.filter(pk=version.pk).update(pdf=name)
    return reverse("pledges:pdf", args=[pledge.slug])


def test_the_pdf_answers_304_to_its_etag_and_date(rendered_pdf, django_assert_max_num_queries):
    first = anonymous_get(rendered_pdf)
    assert first.status_code == 200
    assert first["ETag"] == f'"{"ab" * 32}"'
    assert first["Last-Modified"] == "Thu, 01 May 2025 12:00:00 GMT"
    assert first["Cache-Control"] == "public, no-cache"
    # Read through the test client's wrapper, which closes the file as a request's end
    # does (FileResponse.close() itself would close the database connection on PG).
    assert b"".join(first.streaming_content) == b"%PDF-1.7\n"
    with django_assert_max_num_queries(1):
        again = anonymous_get(rendered_pdf, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = anonymous_get(rendered_pdf, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    older = anonymous_get(rendered_pdf, HTTP_IF_MODIFIED_SINCE="Tue, 01 Apr 2025 12:00:00 GMT")
    assert older.status_code == 200
    assert b"".join(older.streaming_content) == b"%PDF-1.7\n"


def test_a_withdrawn_pledge_s_pdf_is_a_404_whatever_the_browser_has(
    rendered_pdf, pledge, coordinator
):
    etag = anonymous_get(rendered_pdf)["ETag"]
    pledge_transition(
        pledge=pledge, action="withdraw", user=coordinator, note="Fel.", revision=pledge.revision
    )
    assert anonymous_get(rendered_pdf, HTTP_IF_NONE_MATCH=etag).status_code == 404
