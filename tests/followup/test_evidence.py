"""Evidence files: served by the portal to those who may read the report, never to others."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followup.access import SESSION_KEY
from pledges.models import Party

CONTENT = b"%PDF-1.4\n% kvitto\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def with_evidence(report, editor_a):
    report.start(by=editor_a)
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    mr.evidence_file = SimpleUploadedFile("kvitto.pdf", CONTENT)
    mr.save()
    return mr


def url(mr):
    return reverse("followup:evidence", args=[mr.report_id, mr.pk])


@pytest.mark.parametrize("who", ["editor_a", "coordinator", "national_admin"])
def test_the_actor_and_the_county_download_it(client, request, with_evidence, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(with_evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("who", ["editor_b", "other_coordinator"])
def test_others_get_a_404(client, request, with_evidence, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(with_evidence)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, with_evidence):
    response = client.get(url(with_evidence))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_a_browser_granted_the_report_by_a_link_downloads_it(
    client, with_evidence, report, editor_a
):
    session = client.session
    session[SESSION_KEY] = {str(report.pk): editor_a.email}
    session.save()
    assert client.get(url(with_evidence)).status_code == 200


def test_a_link_for_another_report_or_a_measure_without_a_file_is_a_404(
    client, with_evidence, report, editor_a
):
    session = client.session
    session[SESSION_KEY] = {str(report.pk + 1): "redaktor@example.org"}
    session.save()
    assert client.get(url(with_evidence)).status_code == 302  # not granted: log in
    client.force_login(editor_a)
    board = report.measure_reports.get(measure__party=Party.BOARD)
    assert client.get(url(board)).status_code == 404


def test_the_pages_link_to_the_portal_not_to_media(client, with_evidence, editor_a):
    client.force_login(editor_a)
    page = client.get(reverse("followup:report_edit", args=[with_evidence.report_id]))
    assert url(with_evidence) in page.content.decode()
    assert "/media/" not in page.content.decode()


def test_development_serves_no_uploads_but_logos(client, settings, with_evidence):
    """With DEBUG the media folder is served too, but only its public part."""
    from importlib import reload

    from django.urls import clear_url_caches

    import config.urls

    settings.DEBUG = True
    try:
        reload(config.urls)
        clear_url_caches()
        response = client.get(settings.MEDIA_URL + with_evidence.evidence_file.name)
        assert response.status_code == 404
        logo = settings.MEDIA_ROOT / "actors" / "logo.png"
        logo.parent.mkdir()
        logo.write_bytes(b"\x89PNG\r\n\x1a\n")
        assert client.get(settings.MEDIA_URL + "actors/logo.png").status_code == 200
    finally:
        settings.DEBUG = False
        reload(config.urls)
        clear_url_caches()
