"""Where the portal keeps its files: the folder MEDIA_ROOT by default, a private S3
bucket with STORAGE_URL=s3://…; either writes a file at exactly the name it is given,
so that a generated file is replaced where it is served from."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from followup import opendata
from tests.storage import stored_names

SETTINGS = Path(__file__).resolve().parent.parent / "config" / "settings.py"
S3_VARIABLES = (
    "STORAGE_URL",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_ADDRESSING_STYLE",
)


def settings_with(monkeypatch, **variables) -> dict:
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_without_storage_url_files_are_in_the_media_folder(monkeypatch):
    default = settings_with(monkeypatch)["STORAGES"]["default"]
    assert default == {
        "BACKEND": "config.storage.AtomicFileSystemStorage",
        "OPTIONS": {"allow_overwrite": True},
    }


def test_storage_url_names_a_private_bucket(monkeypatch):
    default = settings_with(
        monkeypatch,
        STORAGE_URL="s3://lansstyrelsen-miljomal/portal/",
        AWS_S3_ENDPOINT_URL="https://s3.example.se",
        AWS_S3_REGION_NAME="eu-north-1",
        AWS_ACCESS_KEY_ID="nyckel",
        AWS_SECRET_ACCESS_KEY="hemlig",
        AWS_S3_ADDRESSING_STYLE="path",
    )["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert (options["bucket_name"], options["location"]) == ("lansstyrelsen-miljomal", "portal")
    assert options["endpoint_url"] == "https://s3.example.se"
    assert options["region_name"] == "eu-north-1"
    assert (options["access_key"], options["secret_key"]) == ("nyckel", "hemlig")
    assert options["addressing_style"] == "path"
    # No public ACL, and any address made of a file is signed and short-lived.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is True


def test_amazon_s3_needs_only_the_bucket(monkeypatch):
    options = settings_with(monkeypatch, STORAGE_URL="s3://miljomal")["STORAGES"]["default"][
        "OPTIONS"
    ]
    assert (options["bucket_name"], options["location"]) == ("miljomal", "")
    # boto3 finds the region and the keys itself (an instance role, ~/.aws).
    assert options["endpoint_url"] is options["access_key"] is options["region_name"] is None


def test_another_kind_of_storage_url_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="s3://"):
        settings_with(monkeypatch, STORAGE_URL="ftp://files.example.se/")


def test_a_file_is_written_at_exactly_its_name(media):
    assert default_storage.save("a/b.txt", ContentFile(b"first")) == "a/b.txt"
    assert default_storage.save("a/b.txt", ContentFile(b"second")) == "a/b.txt"
    assert stored_names() == ["a/b.txt"]
    with default_storage.open("a/b.txt", "rb") as file:
        assert file.read() == b"second"


def test_open_data_written_again_is_replaced_at_its_address(media, kronoberg):
    first = opendata.regenerate(kronoberg.pk)
    before = stored_names()
    assert sorted(first) == before
    assert opendata.regenerate(kronoberg.pk) == first
    assert stored_names() == before  # nothing saved beside it under another name


def test_check_deploy_says_when_the_s3_backend_is_not_installed(settings, monkeypatch):
    import sys

    from config.checks import check_file_bucket

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {}},
    }
    monkeypatch.setitem(sys.modules, "storages.backends.s3", None)  # as if not installed
    (error,) = check_file_bucket(None)
    assert error.id == "miljomalslofte.E006"
    assert '".[s3]"' in error.hint


def test_check_deploy_has_nothing_to_say_about_the_folder():
    from config.checks import check_file_bucket

    assert check_file_bucket(None) == []
