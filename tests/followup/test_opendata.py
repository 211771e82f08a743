"""Open data: the files hold only what the public pages show, are written anew when
something is published, and the feeds and the DCAT-AP-SE catalogue describe them."""

import csv
import io
import json

import feedparser
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from followup import opendata
from followup.models import Report
from followup.services import accept_report
from pledges.models import Pledge
from pledges.services import pledge_transition
from tests import factories
from tests.factories import fill, make_round, pledge_in_status, report_in_status

SECRET = "HEMLIGT-UTKAST"


@pytest.fixture
def published(media, kronoberg, actor_a, actor_b, coordinator, editor_a):
    """Actor A's signed pledge with an accepted and a submitted report; actor B's draft
    and a pledge in review, each carrying SECRET."""
    signed = factories.signed_pledge(actor=actor_a, start_year=2023, end_year=2026)
    accepted_round = make_round(kronoberg, created_by=coordinator)
    accepted = Report.objects.create_for(accepted_round, signed)
    report_in_status(Report.Status.DRAFT, accepted, editor=editor_a)
    fill(accepted, comment="Godkänd kommentar")
    accepted.refresh_from_db()
    accepted.submit(by=editor_a)
    accepted.accept(by=coordinator)
    pending_round = make_round(kronoberg, title="Årlig 2026", created_by=coordinator)
    pending = Report.objects.create_for(pending_round, signed)
    report_in_status(Report.Status.DRAFT, pending, editor=editor_a)
    fill(pending, comment=SECRET)
    draft = pledge_in_status(Pledge.Status.DRAFT, actor=actor_b, introduction=SECRET)
    in_review = pledge_in_status(Pledge.Status.IN_REVIEW, actor=actor_b, introduction=SECRET)
    return {"signed": signed, "draft": draft, "in_review": in_review}


def _csv(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


def test_downloads_hold_only_published_pledges_and_accepted_reports(client, published, kronoberg):
    signed = published["signed"]
    data = json.loads(client.get(reverse("opendata_json", args=[kronoberg.slug])).content)
    assert [p["slug"] for p in data["pledges"]] == [signed.slug]
    assert {m["pledge_id"] for m in data["measures"]} == {signed.pk}
    assert {f["comment"] for f in data["followup"]} == {"Godkänd kommentar"}
    assert data["license"] == opendata.LICENCE_URL
    for scope in (kronoberg.slug, opendata.ALL):
        for table in opendata.TABLE_NAMES:
            response = client.get(reverse("opendata_csv", args=[scope, table]))
            assert response.status_code == 200
            assert response["Content-Type"].startswith("text/csv")
            assert SECRET not in response.content.decode("utf-8-sig")
        rows = _csv(client.get(reverse("opendata_csv", args=[scope, "pledges"])))
        assert [row["slug"] for row in rows] == [signed.slug]
        assert list(rows[0]) == [f.key for f in opendata.TABLES[5].fields]
    # Actor B has nothing published: it is not in the data at all.
    assert [a["slug"] for a in data["actors"]] == [signed.actor.slug]


def test_downloads_carry_no_personal_data(client, published, kronoberg, editor_a, coordinator):
    signatories = list(published["signed"].signatories.all())
    body = client.get(reverse("opendata_json", args=[kronoberg.slug])).content.decode()
    body += "".join(
        client.get(reverse("opendata_csv", args=[opendata.ALL, t])).content.decode("utf-8-sig")
        for t in opendata.TABLE_NAMES
    )
    for person in (editor_a, coordinator):
        assert person.email not in body
    assert signatories
    for signatory in signatories:
        assert not signatory.email or signatory.email not in body
        assert signatory.name not in body
    assert "@" not in body


def test_unknown_table_or_county_is_404(client, published):
    assert client.get(reverse("opendata_csv", args=[opendata.ALL, "users"])).status_code == 404
    assert client.get(reverse("opendata_json", args=["ingen-lan"])).status_code == 404


def test_accepting_a_report_writes_the_files_anew(
    published, kronoberg, coordinator, editor_a, django_capture_on_commit_callbacks
):
    name = opendata.json_name(kronoberg.slug)
    opendata.regenerate(kronoberg.pk)
    assert "Ny kommentar" not in default_storage.open(name).read().decode()
    round = make_round(kronoberg, title="Slut", created_by=coordinator)
    report = Report.objects.create_for(round, published["signed"])
    report_in_status(Report.Status.DRAFT, report, editor=editor_a)
    fill(report, comment="Ny kommentar")
    report.refresh_from_db()
    report.submit(by=editor_a)
    with django_capture_on_commit_callbacks(execute=True):
        accept_report(report=report, by=coordinator, notify=False)
    assert "Ny kommentar" in default_storage.open(name).read().decode()
    all_csv = default_storage.open(opendata.csv_name(opendata.ALL, "followup")).read()
    assert "Ny kommentar" in all_csv.decode("utf-8-sig")


def test_signing_and_withdrawing_write_the_files_anew(
    published, kronoberg, actor_b, coordinator, django_capture_on_commit_callbacks
):
    name = opendata.csv_name(kronoberg.slug, "pledges")
    approved = pledge_in_status(Pledge.Status.APPROVED, actor=actor_b)
    opendata.regenerate(kronoberg.pk)
    assert approved.slug not in default_storage.open(name).read().decode("utf-8-sig")
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_on_paper(approved, by=coordinator)
    assert approved.slug in default_storage.open(name).read().decode("utf-8-sig")
    approved.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        pledge_transition(
            pledge=approved, action="withdraw", user=coordinator, note="Avstår.",
            revision=approved.revision,
        )  # fmt: skip
    assert approved.slug not in default_storage.open(name).read().decode("utf-8-sig")


def test_a_draft_edit_does_not_queue_the_task(
    published, coordinator, django_capture_on_commit_callbacks
):
    draft = published["draft"]
    with django_capture_on_commit_callbacks() as callbacks:
        pledge_transition(
            pledge=draft, action="submit", user=coordinator, note="", revision=draft.revision
        )
    assert not [c for c in callbacks if "regenerate_open_data" in repr(c)]


# Feeds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["anonymous", "coordinator", "other_coordinator", "editor_a", "editor_b"]
)
def test_feed_parses_and_shows_only_what_is_published(as_user, who, published, kronoberg):
    client = as_user(who)
    for url in (reverse("opendata_feed"), reverse("opendata_county_feed", args=[kronoberg.slug])):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10"
        links = [entry.link for entry in feed.entries]
        signed = published["signed"]
        assert any(link.endswith(signed.get_absolute_url()) for link in links)
        assert any(link.endswith(signed.get_absolute_url() + "#followup-heading") for link in links)
        assert len(feed.entries) == 2  # the pledge and its accepted report, nothing else
        for entry in feed.entries:
            assert entry.link.startswith("http://")
        for draft in (published["draft"], published["in_review"]):
            assert draft.slug not in response.content.decode()


def test_county_feed_holds_only_its_county(client, published, kalmar):
    feed = feedparser.parse(client.get(reverse("opendata_county_feed", args=[kalmar.slug])).content)
    assert not feed.bozo
    assert feed.entries == []


def test_feeds_are_linked_from_the_front_page_and_the_county_page(client, published, kronoberg):
    home = client.get(reverse("home")).content.decode()
    assert f'type="application/atom+xml" href="{reverse("opendata_feed")}"' in home
    assert reverse("opendata") in home
    county = client.get(kronoberg.get_absolute_url()).content.decode()
    assert reverse("opendata_county_feed", args=[kronoberg.slug]) in county


# The DCAT-AP-SE catalogue -------------------------------------------------------


def _graph(content, fmt):
    graph = Graph()
    graph.parse(data=content, format=fmt)
    return graph


def test_catalogue_is_json_ld_with_the_required_dcat_ap_se_properties(client, published):
    response = client.get(reverse("opendata_catalog"))
    assert response["Content-Type"].startswith("application/ld+json")
    graph = _graph(response.content, "json-ld")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    catalog = catalogs[0]
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.dataset):
        assert graph.value(catalog, prop) is not None, prop
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert len(datasets) == 21 + 1  # each county's, and every county's together
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        for prop in (
            DCTERMS.title,
            DCTERMS.description,
            DCTERMS.publisher,
            DCAT.contactPoint,
            DCAT.distribution,
            DCAT.theme,
            DCTERMS.accrualPeriodicity,
            DCAT.keyword,
        ):
            assert graph.value(dataset, prop) is not None, (dataset, prop)  # fmt: skip
        assert {t.language for t in graph.objects(dataset, DCTERMS.title)} == {"sv", "en"}
        assert graph.value(dataset, DCAT.theme) == URIRef(
            "http://publications.europa.eu/resource/authority/data-theme/ENVI"
        )
        contact = graph.value(dataset, DCAT.contactPoint)
        assert str(graph.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")))
        for dist in graph.objects(dataset, DCAT.distribution):
            assert graph.value(dist, DCTERMS.license) == URIRef(opendata.LICENCE_URL)
            assert graph.value(dist, DCAT.accessURL) is not None
            assert graph.value(dist, DCTERMS["format"]) is not None
            assert graph.value(dist, DCAT.mediaType) is not None


def test_catalogue_publisher_of_a_county_dataset_is_its_board(client, published, kronoberg):
    graph = _graph(client.get(reverse("opendata_catalog")).content, "json-ld")
    names = {
        str(
            graph.value(graph.value(d, DCTERMS.publisher), URIRef("http://xmlns.com/foaf/0.1/name"))
        )
        for d in graph.subjects(RDF.type, DCAT.Dataset)
    }
    assert kronoberg.board_name in names


def test_catalogue_distributions_point_at_the_files_and_the_api(
    client, published, kronoberg, settings
):
    settings.SITE_URL = "https://miljomal.example.se"
    graph = _graph(client.get(reverse("opendata_catalog")).content, "json-ld")
    downloads = {str(u) for u in graph.objects(None, DCAT.downloadURL)}
    access = {str(u) for u in graph.objects(None, DCAT.accessURL)}
    json_url = settings.SITE_URL + reverse("opendata_json", args=[kronoberg.slug])
    assert json_url in downloads
    assert settings.SITE_URL + opendata.api_path() in access
    assert all(u.startswith(settings.SITE_URL) for u in downloads | access)
    # Each address answers.
    path = json_url.removeprefix(settings.SITE_URL)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("accept", "media_type", "fmt"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("text/turtle;q=0.5, application/ld+json", "application/ld+json", "json-ld"),
        ("*/*", "application/ld+json", "json-ld"),
        ("text/html", "application/ld+json", "json-ld"),
    ],
)
def test_catalogue_content_negotiation(client, published, accept, media_type, fmt):
    response = client.get(reverse("opendata_catalog"), HTTP_ACCEPT=accept)
    assert response["Content-Type"].startswith(media_type)
    assert "Accept" in response["Vary"]
    graph = _graph(response.content, fmt)
    assert len(list(graph.subjects(RDF.type, DCAT.Catalog))) == 1


# Pages and query counts ---------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_datasets_page_links_everything(client, published, kronoberg, prefix):
    body = client.get(prefix + "/oppna-data/").content.decode()
    for url in (
        opendata.api_path(),
        opendata.LICENCE_URL,
        "/oppna-data/katalog/",
        "/oppna-data/flode/",
        f"/oppna-data/filer/{kronoberg.slug}.json",
        "/oppna-data/filer/alla/pledges.csv",
        "/oppna-data/falt/",
    ):
        assert url in body, url


def test_field_dictionary_explains_every_field_in_both_languages(client, db):
    sv = client.get("/oppna-data/falt/").content.decode()
    en = client.get("/en/oppna-data/falt/").content.decode()
    for table in opendata.TABLES:
        for field in table.fields:
            assert f"<code>{field.key}</code>" in sv
            assert f"<code>{field.key}</code>" in en
    assert "Aktörens namn." in sv
    assert "The actor&#x27;s name." in en


def test_footer_links_open_data(client, db):
    assert f'href="{reverse("opendata")}"' in client.get(reverse("pledges:list")).content.decode()


def _grow(actor_a, kronoberg, coordinator, n):
    for _i in range(n):
        pledge = factories.signed_pledge_with(actor_a, 3, start_year=2023, end_year=2026)
        round = make_round(kronoberg, title=f"Omgång {pledge.pk}", created_by=coordinator)
        report = Report.objects.create_for(round, pledge)
        report_in_status(Report.Status.ACCEPTED, report, coordinator=coordinator)


@pytest.mark.parametrize("n", [1, 4])
def test_query_counts_do_not_grow_with_the_data(
    client, published, actor_a, kronoberg, coordinator, django_assert_max_num_queries, n
):
    _grow(actor_a, kronoberg, coordinator, n)
    with django_assert_max_num_queries(12):
        opendata.table_rows(kronoberg)
    with django_assert_max_num_queries(4):
        client.get(reverse("opendata_feed"))
    with django_assert_max_num_queries(4):
        client.get(reverse("opendata_county_feed", args=[kronoberg.slug]))
    with django_assert_max_num_queries(3):
        client.get(reverse("opendata_catalog"))
    with django_assert_max_num_queries(3):
        client.get(reverse("opendata"))
    with django_assert_max_num_queries(2):
        client.get(reverse("opendata_fields"))
    opendata.regenerate(kronoberg.pk)
    with django_assert_max_num_queries(2):
        client.get(reverse("opendata_json", args=[kronoberg.slug]))


def test_each_dataset_is_a_fragment_of_the_datasets_page(client, published, kronoberg):
    graph = _graph(client.get(reverse("opendata_catalog")).content, "json-ld")
    page = client.get(reverse("opendata")).content.decode()
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        base, fragment = str(dataset).split("#")
        assert base.endswith(reverse("opendata"))
        assert f'id="{fragment}"' in page
