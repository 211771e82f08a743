"""The files on S3 (STORAGE_URL=s3://…): an upload through the portal lands in the
bucket, not on the web process's disk, and comes back through the portal's
permission-checked view, streamed from the bucket rather than sent there.

Run on the moto server by .ci/run (REQUIRE_S3=1: fails there instead of skipping);
skipped on a developer's machine without STORAGE_URL. tests/storage.py gives each test
process a bucket and each test a folder of it."""

import os

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followup.models import MeasureReport
from tests import files, storage

from .report_pages import actor_mr, form_data, url_of

PDF = files.pdf_bytes()


@pytest.fixture
def s3(media):
    if not storage.configured():
        if os.environ.get("REQUIRE_S3"):
            pytest.fail("REQUIRE_S3=1, but STORAGE_URL names no s3:// bucket")
        pytest.skip("STORAGE_URL names no s3:// bucket")
    options = settings.STORAGES["default"]["OPTIONS"]
    return storage.client(options), options


def bucket_keys(s3, options) -> list[str]:
    listing = s3.list_objects_v2(Bucket=options["bucket_name"], Prefix=options["location"] + "/")
    return [item["Key"] for item in listing.get("Contents", [])]


def test_an_uploaded_evidence_file_is_in_the_bucket_and_downloaded_through_the_portal(
    s3, media, editor, report
):
    client, options = s3
    assert settings.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    mr = actor_mr(report)
    data = form_data(editor.get(url_of(report)), **{f"m{mr.pk}-status": "done"})
    data[f"m{mr.pk}-evidence_file"] = SimpleUploadedFile("protokoll.pdf", PDF)
    assert editor.post(url_of(report), data).status_code == 302

    name = MeasureReport.objects.get(pk=mr.pk).evidence_file.name
    assert name.startswith(f"evidence/{report.pk}/") and name.endswith("/protokoll.pdf")
    # In the bucket, under the test's folder, with the bytes uploaded ...
    key = f"{options['location']}/{name}"
    assert bucket_keys(client, options) == [key]
    stored = client.get_object(Bucket=options["bucket_name"], Key=key)
    assert stored["Body"].read() == PDF
    # ... private: no grant to everyone ...
    grants = client.get_object_acl(Bucket=options["bucket_name"], Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    # ... and nothing of it on the web process's disk.
    assert not [p for p in media.rglob("*") if p.is_file()]

    response = editor.get(reverse("followup:evidence", args=[report.pk, mr.pk]))
    assert response.status_code == 200  # streamed, never a redirect to the bucket
    assert response.streaming
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="protokoll.pdf"'


def test_a_file_written_again_replaces_the_one_in_the_bucket(s3):
    client, options = s3
    assert default_storage.save("opendata/x.csv", SimpleUploadedFile("x", b"1")) == (
        "opendata/x.csv"
    )
    default_storage.save("opendata/x.csv", SimpleUploadedFile("x", b"2"))
    assert bucket_keys(client, options) == [f"{options['location']}/opendata/x.csv"]
    with default_storage.open("opendata/x.csv", "rb") as file:
        assert file.read() == b"2"


def test_check_deploy_finds_the_bucket(s3, settings):
    from config.checks import check_file_bucket

    assert check_file_bucket(None) == []
    default = settings.STORAGES["default"]
    missing = {**default, "OPTIONS": {**default["OPTIONS"], "bucket_name": "finns-inte"}}
    settings.STORAGES = {**settings.STORAGES, "default": missing}
    (error,) = check_file_bucket(None)
    assert error.id == "miljomalslofte.E006"
    assert "finns-inte" in error.msg
