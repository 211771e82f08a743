"""Backups (README "Backups"): `manage.py dbbackup` and `mediabackup` copy the database
and the files; `dbrestore` and `mediarestore`, run as the README says into an empty
database and an empty folder, bring back every table's rows and every file's bytes."""

import gzip
import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.utils import load_backend

from actors.models import Actor, County
from followup.models import GoodExample, MeasureReport
from pledges.models import Signatory, SignedVersion
from pledges.tasks import render_signed_pdf
from tests.conftest import FAST_HASHERS, QUEUE_ONLY
from tests.factories import UserFactory
from tests.files import jpeg_bytes, pdf_bytes, png_bytes

ROOT = Path(__file__).resolve().parent.parent

# The README's restore, after the database has been created empty: the database, the
# files, and the check that the restored schema is the one the code expects. One
# process for the three commands (each is what `manage.py <command>` runs).
RESTORE = """
import sys
import django
django.setup()
from django.core.management import call_command
options = sys.argv[1:]
call_command("dbrestore", "--noinput", "--uncompress", *options, verbosity=0)
call_command("mediarestore", "--noinput", "--uncompress", *options, verbosity=0)
call_command("migrate", "--check", verbosity=0)
"""
# ASCII: python-gnupg hands a passphrase to gpg in Latin-1, gpg reads UTF-8.
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def backup_dir(tmp_path, monkeypatch):
    """A backup folder of the test's own. django-dbbackup reads its storage's options
    from the settings once, when it is imported; the test's folder goes there."""
    from dbbackup import settings as dbbackup_settings

    folder = tmp_path / "backups"
    options = {**dbbackup_settings.STORAGE_OPTIONS, "location": str(folder)}
    monkeypatch.setattr(dbbackup_settings, "STORAGE_OPTIONS", options)
    return folder


def attach(instance, field_name, name, data, **values):
    """Store a file for one file field of a row (and `values` beside it), as an upload
    would, without the model's save (the demo's signed pledges refuse content changes)."""
    field = instance._meta.get_field(field_name)
    stored = field.storage.save(field.generate_filename(instance, name), ContentFile(data))
    type(instance).objects.filter(pk=instance.pk).update(**{field_name: stored}, **values)


def populate():
    """The demo portal, with a file in every kind of file field: the logos, a signed
    pledge's rendered PDF, a paper signature's scan, a report's evidence and a good
    example's picture."""
    from followup.demo import load_demo

    load_demo()
    first = lambda model: model.objects.order_by("pk").first()  # noqa: E731
    render_signed_pdf.call(version_id=first(SignedVersion).pk)
    attach(County.objects.get(code="07"), "logo", "kronoberg.png", png_bytes())
    attach(first(Actor), "logo", "logotyp.jpg", jpeg_bytes())
    attach(first(Signatory), "scan", "underskrift.pdf", pdf_bytes())
    attach(first(MeasureReport), "evidence_file", "Årsrapport växthusgaser.pdf", pdf_bytes())
    if first(GoodExample) is not None:
        picture = jpeg_bytes()
        attach(first(GoodExample), "picture", "cykelparkering.jpg", picture, picture_consent=True)


def rows_of(wrapper) -> dict:
    """Every table of the database, models' or not (m2m, history, third-party apps), as
    its rows in order, and where the next id of each table would come from."""
    with wrapper.cursor() as cursor:
        tables = wrapper.introspection.table_names(cursor)
        if wrapper.vendor == "sqlite":
            tables.append("sqlite_sequence")  # the AUTOINCREMENT counters
        snapshot = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {wrapper.ops.quote_name(table)}")  # noqa: S608
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in cursor.fetchall()
            ]
            snapshot[table] = sorted(rows, key=repr)
        if wrapper.vendor == "postgresql":
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            )
            snapshot["(sequences)"] = sorted(cursor.fetchall())
    return snapshot


def hashes_of(folder: Path) -> dict:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def database(name):
    """A connection of its own to another database on the same server as the tests'."""
    return load_backend(connection.settings_dict["ENGINE"]).DatabaseWrapper(
        {**connection.settings_dict, "NAME": name}, alias="restored"
    )


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database, and the DATABASE_URL that names it (PostgreSQL: created
    from template0 on the tests' server and dropped afterwards; SQLite: a new file)."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield str(path), f"sqlite:///{path}"
        return
    name = f"{settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    user = settings_dict["USER"]
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = f"{settings_dict['HOST'] or 'localhost'}:{settings_dict['PORT'] or 5432}"
    try:
        yield name, f"postgres://{user}{password}@{host}/{name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_every_file_into_an_empty_database(
    settings, tmp_path, backup_dir, empty_database
):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.TASKS = QUEUE_ONLY
    settings.MEDIA_ROOT = media = tmp_path / "media"
    populate()
    source_rows, source_files = rows_of(connection), hashes_of(media)
    assert len(source_files) >= 5
    assert sum(map(len, source_rows.values())) > 1000

    call_command("dbbackup", "--compress", "--noinput", verbosity=0)
    call_command("mediabackup", "--compress", "--noinput", verbosity=0)

    restore_and_compare(source_rows, source_files, empty_database, backup_dir, tmp_path)


def restore_and_compare(source_rows, source_files, empty_database, backup_dir, tmp_path, *options):
    """Restore the newest copies as the README says, in a process of its own with the
    empty database's DATABASE_URL and an empty MEDIA_ROOT, and compare."""
    name, url = empty_database
    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(restored_media),
        "BACKUP_DIR": str(backup_dir),
    }
    result = subprocess.run(  # noqa: S603  (our own settings and commands)
        [sys.executable, "-c", RESTORE, *options],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    restored = database(name)
    try:
        restored_rows = rows_of(restored)
    finally:
        restored.close()
    assert sorted(restored_rows) == sorted(source_rows)
    differing = [table for table in source_rows if restored_rows[table] != source_rows[table]]
    assert not differing, f"rows differ after the restore in {differing}"
    assert hashes_of(restored_media) == source_files


@pytest.fixture
def gpg_key(tmp_path, monkeypatch):
    """A key pair in a GnuPG home of the test's own (the backup machine would hold only
    its public half); its fingerprint."""
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(home))
    gpg = ["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE]
    identity = "Miljömålslöften backups <backup@example.se>"
    subprocess.run(  # noqa: S603
        [*gpg, "--quick-gen-key", identity, "default", "default", "never"],
        check=True,
        capture_output=True,
    )
    listing = subprocess.run(  # noqa: S603
        ["gpg", "--batch", "--with-colons", "--list-keys"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    yield next(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:"))
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], check=False)  # noqa: S607


@pytest.mark.django_db(transaction=True)
def test_an_encrypted_backup_is_unreadable_without_the_key_and_restores_with_it(
    settings, tmp_path, backup_dir, empty_database, gpg_key, monkeypatch
):
    from dbbackup import settings as dbbackup_settings

    monkeypatch.setattr(dbbackup_settings, "GPG_RECIPIENT", gpg_key)
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = media = tmp_path / "media"
    UserFactory(email="signe.svensson@example.se")
    default_storage.save("signatures/underskrift.pdf", ContentFile(pdf_bytes()))
    source_rows, source_files = rows_of(connection), hashes_of(media)

    call_command("dbbackup", "--compress", "--encrypt", "--noinput", verbosity=0)
    call_command("mediabackup", "--compress", "--encrypt", "--noinput", verbosity=0)

    copies = [path for path in backup_dir.iterdir() if not path.name.endswith(".metadata")]
    assert len(copies) == 2
    for copy in copies:
        assert copy.name.endswith(".gz.gpg")
        with pytest.raises(OSError):  # not gzip: an OpenPGP message
            gzip.decompress(copy.read_bytes())
    restore_and_compare(
        source_rows,
        source_files,
        empty_database,
        backup_dir,
        tmp_path,
        "--decrypt",
        f"--passphrase={PASSPHRASE}",
    )


# Transactional: SQLite's backup API waits for ever on a database held in a transaction.
@pytest.mark.django_db(transaction=True)
def test_the_daily_run_keeps_the_newest_copies_readable_by_the_portal_alone(
    backup_dir, monkeypatch, settings, tmp_path
):
    """`dbbackup --clean` and `mediabackup --clean`, as deploy/miljomalslofte-backup.service
    runs them, keep the newest BACKUP_KEEP copies of each and delete the older ones."""
    from dbbackup import settings as dbbackup_settings
    from dbbackup.db.base import get_connector

    monkeypatch.setattr(dbbackup_settings, "CLEANUP_KEEP", 2)
    monkeypatch.setattr(dbbackup_settings, "CLEANUP_KEEP_MEDIA", 2)
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("counties/kronoberg.png", ContentFile(png_bytes()))
    host, extension = dbbackup_settings.HOSTNAME, get_connector().extension
    backup_dir.mkdir()
    older = [f"2020-01-0{day}-000000" for day in (1, 2, 3)]
    for date in older:
        (backup_dir / f"default-{host}-{date}.{extension}.gz").write_bytes(b"old")
        (backup_dir / f"{host}-{date}.tar.gz").write_bytes(b"old")

    call_command("dbbackup", "--clean", "--compress", "--noinput", verbosity=0)
    call_command("mediabackup", "--clean", "--compress", "--noinput", verbosity=0)

    kept = sorted(path.name for path in backup_dir.iterdir() if "2020" in path.name)
    assert kept == [f"default-{host}-{older[2]}.{extension}.gz", f"{host}-{older[2]}.tar.gz"]
    new = [path for path in backup_dir.iterdir() if "2020" not in path.name]
    assert len(new) == 3  # the database's copy, its metadata and the files' copy
    assert {path.stat().st_mode & 0o777 for path in new} == {0o600}


def test_backups_kept_inside_media_root_are_warned_about(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    backups = {**settings.STORAGES["dbbackup"]}
    backups["OPTIONS"] = {**backups["OPTIONS"], "location": str(tmp_path / "media" / "backups")}
    settings.STORAGES = {**settings.STORAGES, "dbbackup": backups}
    assert "miljomalslofte.W020" in {message.id for message in run_checks()}

    backups["OPTIONS"] = {**backups["OPTIONS"], "location": str(tmp_path / "backups")}
    assert "miljomalslofte.W020" not in {message.id for message in run_checks()}
