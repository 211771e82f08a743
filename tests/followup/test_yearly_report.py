"""The yearly report: one click on the dashboard queues the county's dashboard as a
tagged PDF; the page says when it is ready; the PDF has the filters, the figures the
dashboard shows, the charts with their tables and the stalled measures, and it is
the county's coordinators' and the national administrator's only."""

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from followup import dashboard, yearly_report
from followup.dashboard import Filters
from tests.conftest import QUEUE_ONLY, _sign_in_with_second_factor
from tests.helpers import CAST, REQUEST_QUERIES, expected_status
from tests.storage import stored_names


@pytest.fixture(autouse=True)
def _own_folder(settings, tmp_path):
    """The report's contents and who may have it: its files in a folder of the test's
    own. How it is stored and served again is the `media` tests' below (marked files)."""
    settings.MEDIA_ROOT = tmp_path


def report_url(county):
    return reverse("followup:yearly_report", args=[county.slug])


def ask(client, county, **filters):
    """Click "Årsrapport som PDF" with these filters; the report page's response."""
    response = client.post(report_url(county), filters)
    assert response.status_code == 302
    return client.get(response.url)


def download_url(page):
    return re.search(r'href="([^"]*arsrapport\.pdf[^"]*)"', page.content.decode())[1].replace(
        "&amp;", "&"
    )


def pdf_of(client, page) -> PdfReader:
    response = client.get(download_url(page))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def text_of(pdf) -> str:
    # Words broken over lines in a table cell come back joined by a space.
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))


@pytest.fixture(scope="module")
def rendered(_demo_for_module, django_db_blocker, tmp_path_factory):
    """The demo's Kronoberg report, without filters and for companies, rendered once for
    the module (a PDF of the whole dashboard takes seconds): {filters: (bytes, figures)}."""
    from django.conf import settings
    from django.test import Client, override_settings

    from actors.models import County
    from pledges.models import ProgrammeMeasure, Theme
    from tests import factories

    media = tmp_path_factory.mktemp("media")
    out = {}
    # The function-scoped settings of tests/conftest.py, for the whole module.
    plain = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, STORAGES=plain, TASKS=immediate),
    ):
        kronoberg = County.objects.get(code="07")
        coordinator = factories.CountyRoleFactory(county=kronoberg).user
        # A measure of the programme nobody has pledged to: the report names it first.
        theme = Theme.objects.filter(programme__county=kronoberg).first()
        ProgrammeMeasure.objects.create(theme=theme, number="99", title="Ingen tog sig an den")
        client = Client()
        client.force_login(coordinator)
        # Module-scoped: before the function-scoped fixture that does this for every
        # force_login.
        _sign_in_with_second_factor(client, coordinator)
        for filters in ({}, {"typ": "company"}):
            page = ask(client, kronoberg, **filters)
            assert page.status_code == 200, "the task ran synchronously: the report is there"
            response = client.get(download_url(page))
            data = b"".join(response.streaming_content)
            figures = dashboard.county_dashboard(kronoberg, Filters(kind=filters.get("typ", "")))
            out[tuple(filters.items())] = (data, figures)
    return out


def test_the_report_names_the_county_the_filters_the_date_and_the_data_timestamp(
    rendered, shared_demo
):
    data, figures = rendered[(("typ", "company"),)]
    text = text_of(PdfReader(io.BytesIO(data)))
    assert "Årsrapport" in text and "Kronobergs län" in text
    assert "Typ av aktör: Företag" in text
    assert "Datum" in text and "Uppgifterna ändrades senast" in text
    assert "Sida 1 av" in text


def test_the_report_has_the_dashboards_figures(rendered, shared_demo):
    data, figures = rendered[()]
    text = text_of(PdfReader(io.BytesIO(data)))
    p = figures.pledges
    assert f"Undertecknade och avslutade: {p['total']}." in text
    # The actors' and the board's measures apart, each with its counts on the scale.
    for label, counts in (
        ("Aktörernas åtgärder", figures.measures["actor"]),
        ("Länsstyrelsens åtaganden", figures.measures["board"]),
    ):
        row = " ".join(str(counts[key]) for key in dashboard.STATUS_KEYS)
        assert f"{label} {row} {sum(counts.values())}" in text
    # Completion per round: asked, owed, invited, then by status.
    for r in figures.completion["rounds"]:
        assert r.title in text
        assert f"{r.asked} {r.owed} {r.invited} {r.accepted} {r.submitted}" in text
    # Coverage: the measures nobody has pledged to are said to be so.
    uncovered = [pm for pm in figures.coverage if not pm.pledges]
    assert [pm.title for pm in uncovered] == ["Ingen tog sig an den"]
    assert "1 åtgärd i programmet har ingen aktör åtagit sig. Den står först." in text
    assert "99 Ingen tog sig an den (ingen har åtagit sig)" in text


def test_the_report_names_the_stalled_measures(rendered, shared_demo):
    data, figures = rendered[()]
    text = text_of(PdfReader(io.BytesIO(data)))
    stalled = figures.between["stalled"]
    assert stalled, "the demo has measures that stalled"
    n = len(stalled)
    assert f"varken genomförd eller ej aktuell: {n} åtgärder" in text
    for measure in stalled:
        assert measure.pledge.actor.name in text


def test_the_filters_choose_what_the_report_counts(rendered, shared_demo):
    data, figures = rendered[(("typ", "company"),)]
    text = text_of(PdfReader(io.BytesIO(data)))
    assert f"Undertecknade och avslutade: {figures.pledges['total']}." in text
    everything = rendered[()][1]
    assert figures.pledges["total"] < everything.pledges["total"]


def test_the_report_is_tagged_in_swedish(rendered, shared_demo):
    pdf = PdfReader(io.BytesIO(rendered[()][0]))
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert root["/Lang"] == "sv"
    assert "Årsrapport" in str(pdf.metadata.title)
    # The footer is a pagination artifact, not text in the middle of the report.
    content = pdf.pages[0].get_contents().get_data()
    assert b"/Artifact" in content and b"/Pagination" in content


def figures_of(node) -> list:
    """The /Figure structure elements under `node`, in order."""
    node = node.get_object()
    found = [node] if node.get("/S") == "/Figure" else []
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        if isinstance(kid.get_object(), dict):
            found += figures_of(kid)
    return found


def test_the_report_has_its_charts_each_described(rendered, shared_demo):
    pdf = PdfReader(io.BytesIO(rendered[()][0]))
    # The charts of the pledges (3), of the measures (5) and of the rounds (1): tagged
    # figures, each with its alternative text; the legends' swatches are artifacts.
    figures = figures_of(pdf.trailer["/Root"]["/StructTreeRoot"])
    alts = [str(f.get("/Alt", "")) for f in figures]
    assert len(alts) == 9
    assert all(alt.startswith("Diagram: ") for alt in alts)
    assert "Diagram: rapporter per omgång efter status. Siffrorna står i tabellen under." in alts
    # Each is drawn as vector content (a form XObject), its labels as text.
    drawn = sum(
        1
        for page in pdf.pages
        for x in page["/Resources"].get("/XObject", {}).values()
        if x.get_object()["/Subtype"] == "/Form"
    )
    assert drawn >= 9
    text = text_of(pdf)
    # The rounds' chart tells them apart: its labels are the whole titles.
    assert text.count("Halvtidsuppföljning 2025") >= 3  # chart, table, late reports
    assert "Diagram:" not in text  # the descriptions are alternative text, not text


@pytest.mark.parametrize("who", CAST)
def test_asking_for_the_report_against_the_cast(as_user, who, kronoberg, draft):
    client = as_user(who)
    response = client.post(report_url(kronoberg))
    expected = expected_status(who, of_kronoberg=True)
    assert response.status_code == (302 if expected == 200 else expected)
    if who == "anonymous":
        assert response.url.startswith(reverse("login"))
    elif expected == 200:
        assert response.url.startswith(report_url(kronoberg))
        assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("who", CAST)
def test_the_report_page_against_the_cast(client, as_user, who, kronoberg, coordinator, draft):
    client.force_login(coordinator)
    url = client.post(report_url(kronoberg), {"typ": "company"}).url
    client.logout()
    response = as_user(who).get(url)
    assert response.status_code == expected_status(who, of_kronoberg=True)
    if response.status_code == 200:
        assert "Årsrapporten är klar" in response.content.decode()
        assert "Typ av aktör: Företag" in response.content.decode()


@pytest.mark.parametrize("who", CAST)
def test_the_download_against_the_cast(client, as_user, who, kronoberg, coordinator, draft):
    client.force_login(coordinator)
    url = download_url(ask(client, kronoberg))
    client.logout()
    response = as_user(who).get(url)
    assert response.status_code == expected_status(who, of_kronoberg=True)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_request_only_queues_the_report_and_the_page_says_it_is_on_its_way(
    client, settings, coordinator, kronoberg, draft, media
):
    settings.TASKS = QUEUE_ONLY
    client.force_login(coordinator)
    response = client.post(report_url(kronoberg), {"typ": "company"})
    assert response.status_code == 302
    # Nothing rendered in the request: no file yet.
    assert not stored_names()
    page = client.get(response.url)
    assert page.status_code == 202
    assert "skapas i bakgrunden" in page.content.decode()
    # The page asks again by itself (htmx) until the report is there.
    assert 'hx-trigger="every 3s"' in page.content.decode()
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    query = parse_qs(urlsplit(response.url).query)
    assert query["typ"] == ["company"]
    # The download is not there until the worker has made it.
    pdf = reverse("followup:yearly_report_pdf", args=[kronoberg.slug])
    assert client.get(pdf + "?" + urlsplit(response.url).query).status_code == 404


def test_the_queued_task_stores_the_report_under_the_county_filters_and_data(
    client, settings, coordinator, kronoberg, draft, media
):
    from django_tasks import default_task_backend

    settings.TASKS = QUEUE_ONLY
    client.force_login(coordinator)
    response = client.post(report_url(kronoberg), {"typ": "company"})
    (result,) = default_task_backend.results
    assert result.task.name == "render_yearly_report"
    assert result.kwargs == {"county_id": kronoberg.pk, "query": {"typ": "company"}}
    name = result.task.call(**result.kwargs)
    stamp = yearly_report.stamp_of(yearly_report.data_timestamp(kronoberg))
    assert name == yearly_report.file_name(kronoberg, {"typ": "company"}, stamp)
    assert f"{kronoberg.slug}-typcompany-{stamp}" in name
    assert default_storage.exists(name)
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Hämta årsrapporten" in page.content.decode()
    assert "hx-trigger" not in page.content.decode()


def test_a_change_to_the_data_makes_the_report_asked_for_outdated(
    client, settings, coordinator, kronoberg, draft
):
    settings.TASKS = QUEUE_ONLY
    client.force_login(coordinator)
    response = client.post(report_url(kronoberg))
    draft.introduction = "Ändrad."
    draft.save()
    page = client.get(response.url)
    assert page.status_code == 202
    assert "Uppgifterna har ändrats" in page.content.decode()


def test_a_report_already_made_is_not_made_again(client, coordinator, kronoberg, draft, media):
    client.force_login(coordinator)
    ask(client, kronoberg)
    (stored,) = stored_names()
    # Marked, so that a new rendering would show.
    default_storage.save(stored, ContentFile(b"%PDF-1.7 the one made first"))
    page = ask(client, kronoberg)
    assert stored_names() == [stored]
    with default_storage.open(stored, "rb") as file:
        assert file.read() == b"%PDF-1.7 the one made first"
    # Streamed from the storage.
    response = client.get(download_url(page))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 the one made first"


def test_an_address_with_no_data_stamp_is_a_404(coordinator_client, kronoberg):
    pdf = reverse("followup:yearly_report_pdf", args=[kronoberg.slug])
    assert coordinator_client.get(pdf + "?data=../../etc").status_code == 404
    assert coordinator_client.get(report_url(kronoberg)).status_code == 404


def test_the_dashboard_has_the_button_with_the_filters_in_force(coordinator_client, kronoberg):
    url = reverse("followup:dashboard", args=[kronoberg.slug]) + "?typ=company"
    page = coordinator_client.get(url).content.decode()
    action = re.escape(f'action="{report_url(kronoberg)}"')
    form = re.search(rf'<form method="post" {action}[^>]*>(.*?)</form>', page, re.S)
    assert form, "a form that POSTs to the yearly report"
    assert "csrfmiddlewaretoken" in form[1]
    assert 'name="typ" value="company"' in form[1]
    assert "Årsrapport som PDF" in form[1]


def test_asking_and_waiting_are_a_fixed_number_of_queries(
    client, settings, coordinator, kronoberg, draft, django_assert_max_num_queries
):
    settings.TASKS = QUEUE_ONLY
    client.force_login(coordinator)
    # The county, the filter form's choices (3), the data's timestamp (3).
    with django_assert_max_num_queries(REQUEST_QUERIES + 7):
        url = client.post(report_url(kronoberg), {"typ": "company"}).url
    with django_assert_max_num_queries(REQUEST_QUERIES + 7):
        assert client.get(url).status_code == 202


def test_the_report_page_speaks_english_under_en(client, settings, coordinator, kronoberg):
    from django.utils import translation

    settings.TASKS = QUEUE_ONLY
    client.force_login(coordinator)
    with translation.override("en"):
        url = report_url(kronoberg)
    assert url.startswith("/en/")
    page = client.get(client.post(url).url)
    assert "being prepared in the background" in page.content.decode()
