"""Evidence files: checked by what they contain, stored under an address nobody can guess,
removed from storage when replaced or cleared, and served by the portal to those who may
read the report, never to others."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followup.access import SESSION_KEY
from followup.models import MeasureReport, Report
from followup.validators import validate_evidence_content
from pledges.models import Party
from tests import files
from tests.html import field_error

from .report_pages import actor_mr, form_data, url_of

CONTENT = b"%PDF-1.4\n% kvitto\n"

PDF = files.pdf_bytes()
PNG = files.png_bytes()
JPEG = files.jpeg_bytes()
ZIP = files.zip_bytes()
DOCX = files.docx_bytes()
XLSX = files.xlsx_bytes()
ODT = files.opendocument_bytes("text")
ODS = files.opendocument_bytes("spreadsheet")
# Only the first bytes of each type: what a check of the first bytes took for a file.
PDF_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
PNG_HEADER = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
JPEG_HEADER = b"\xff\xd8\xff\xe0" + b"\0" * 20
ZIP_HEADER = b"PK\x03\x04" + b"\0" * 20


pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def with_evidence(report, editor_a):
    report.save_draft(by=editor_a, expected_revision=report.revision)
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    mr.evidence_file = SimpleUploadedFile("kvitto.pdf", CONTENT)
    mr.save()
    return mr


def url(mr):
    return reverse("followup:evidence", args=[mr.report_id, mr.pk])


@pytest.mark.parametrize("who", ["editor_a", "coordinator", "national_admin"])
def test_the_actor_and_the_county_download_it(client, as_user, with_evidence, who):
    as_user(who)
    response = client.get(url(with_evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("who", ["editor_b", "other_coordinator"])
def test_others_get_a_404(client, as_user, with_evidence, who):
    as_user(who)
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


# What an upload must be ---------------------------------------------------------


def upload(client, report, name, content, **changes):
    mr = actor_mr(report)
    data = form_data(client.get(url_of(report)), **changes)
    data[f"m{mr.pk}-evidence_file"] = SimpleUploadedFile(name, content)
    return client.post(url_of(report), data)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("protokoll.pdf", PDF),
        ("bild.png", PNG),
        ("bild.jpg", JPEG),
        ("foto.jpeg", JPEG),
        ("rapport.docx", DOCX),
        ("siffror.xlsx", XLSX),
        ("text.odt", ODT),
        ("tabell.ods", ODS),
        ("siffror.csv", "år;värde\n2024;12,5\n".encode()),
        ("excel.csv", "år;värde\n2024;12,5\n".encode("cp1252")),
        ("läsmig.txt", "Åtgärden är genomförd.\r\n".encode()),
    ],
)
def test_a_file_that_is_what_its_name_says_is_kept(editor, report, name, content):
    assert upload(editor, report, name, content).status_code == 302
    stored = MeasureReport.objects.get(pk=actor_mr(report).pk)
    assert stored.evidence_filename == name
    assert stored.evidence_file.read() == content


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("rapport.pdf", b"<html><script>alert(1)</script></html>", "PDF-fil"),
        ("bild.png", JPEG, "PNG-bild"),
        ("bild.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "JPEG-bild"),
        ("rapport.docx", b"%PDF-1.7", "Word-fil"),
        ("siffror.xlsx", b"MZ\x90\x00", "Excel-fil"),
        ("text.odt", PNG, "OpenDocument-fil"),
        ("siffror.csv", b"a;b\n\x00\x01\x02", "CSV-fil"),
        ("program.txt", b"MZ\x90\x00\x03\x00\x00\x00", "textfil"),
        # The right first bytes, and nothing of the file behind them.
        ("protokoll.pdf", PDF_HEADER, "PDF-fil"),
        ("bild.png", PNG_HEADER, "PNG-bild"),
        ("bild.jpg", JPEG_HEADER, "JPEG-bild"),
        ("rapport.docx", ZIP_HEADER, "Word-fil"),
        # A ZIP archive, but not the Office document its name says.
        ("rapport.docx", ZIP, "Word-fil"),
        ("siffror.xlsx", ZIP, "Excel-fil"),
        ("text.odt", ZIP, "OpenDocument-fil"),
        ("tabell.ods", ZIP, "OpenDocument-fil"),
        ("rapport.docx", XLSX, "Word-fil"),
        ("siffror.xlsx", DOCX, "Excel-fil"),
        ("text.odt", ODS, "OpenDocument-fil"),
        ("rapport.docx", files.zip_of_many_entries(10_001), "Word-fil"),
        ("läsmig.txt", "Allt är text. ".encode() * 700 + b"\x00\x01", "textfil"),
        ("bild.png", PNG[:-12], "PNG-bild"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_next_to_the_field(
    editor, report, name, content, kind
):
    mr = actor_mr(report)
    refused = upload(editor, report, name, content)
    assert refused.status_code == 200
    assert f"Filen är inte en riktig {kind}" in field_error(refused, f"m{mr.pk}-evidence_file")
    assert MeasureReport.objects.get(pk=mr.pk).evidence_file.name == ""


def test_the_address_of_a_file_cannot_be_guessed(editor, report):
    mr = actor_mr(report)
    names = []
    for _ in range(2):
        assert upload(editor, report, "protokoll.pdf", PDF).status_code == 302
        names.append(MeasureReport.objects.get(pk=mr.pk).evidence_file.name)
    first, second = (name.split("/") for name in names)
    assert first[:2] == second[:2] == ["evidence", str(report.pk)]
    assert first[3] == second[3] == "protokoll.pdf"
    assert first[2] != second[2] and len(first[2]) == len(second[2]) == 32


def test_a_replaced_file_is_deleted_once_the_save_is_committed(
    editor, report, django_capture_on_commit_callbacks
):
    mr = actor_mr(report)
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor, report, "gammal.pdf", PDF)
    old = MeasureReport.objects.get(pk=mr.pk).evidence_file.name
    assert default_storage.exists(old)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert upload(editor, report, "ny.pdf", PDF).status_code == 302
    assert default_storage.exists(old)  # not before the commit
    for callback in callbacks:
        callback()
    new = MeasureReport.objects.get(pk=mr.pk).evidence_file.name
    assert not default_storage.exists(old)
    assert default_storage.exists(new) and new != old


def test_a_cleared_file_is_deleted(editor, report, django_capture_on_commit_callbacks):
    mr = actor_mr(report)
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor, report, "gammal.pdf", PDF)
    old = MeasureReport.objects.get(pk=mr.pk).evidence_file.name
    data = form_data(editor.get(url_of(report)), **{f"m{mr.pk}-evidence_file-clear": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url_of(report), data).status_code == 302
    assert MeasureReport.objects.get(pk=mr.pk).evidence_file.name == ""
    assert not default_storage.exists(old)


def test_a_file_is_kept_when_the_save_is_refused(
    editor, report, django_capture_on_commit_callbacks
):
    mr = actor_mr(report)
    with django_capture_on_commit_callbacks(execute=True):
        upload(editor, report, "gammal.pdf", PDF)
    old = MeasureReport.objects.get(pk=mr.pk).evidence_file.name
    shown = editor.get(url_of(report))
    Report.objects.get(pk=report.pk).claim_revision(Report.objects.get(pk=report.pk).revision)
    data = form_data(shown)
    data[f"m{mr.pk}-evidence_file"] = SimpleUploadedFile("ny.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert editor.post(url_of(report), data).status_code == 200  # a conflict
    assert callbacks == []
    assert MeasureReport.objects.get(pk=mr.pk).evidence_file.name == old
    assert default_storage.exists(old)


def test_a_stored_file_is_not_read_again_on_every_save(report):
    """Checked when it was uploaded: saving the measure report again does not read the
    file, so neither a file gone missing nor one the check would now refuse stops it."""
    mr = actor_mr(report)
    mr.evidence_file.save("intyg.pdf", ContentFile(PDF_HEADER), save=True)
    with pytest.raises(ValidationError, match="inte en riktig PDF-fil"):
        validate_evidence_content(SimpleUploadedFile("intyg.pdf", PDF_HEADER))
    mr = MeasureReport.objects.get(pk=mr.pk)
    default_storage.delete(mr.evidence_file.name)
    assert validate_evidence_content(mr.evidence_file) is None


def test_the_download_is_never_stored_by_a_cache(client, with_evidence, report, editor_a):
    client.force_login(editor_a)
    assert {"private", "no-store"} <= directives(client.get(url(with_evidence)))
    client.logout()
    session = client.session
    session[SESSION_KEY] = {str(report.pk): editor_a.email}
    session.save()
    # Granted by a link, without an account: private all the same.
    response = client.get(url(with_evidence))
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}
