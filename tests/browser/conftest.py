"""Browser tests: the demo portal served by a live server, driven by Debian's Chromium."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread, and Django's
# ORM refuses to run while one is running. The tests touch the database only to
# load the demo data, never concurrently with the page.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_TESTS = Path(__file__).parent


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Hooks in a conftest see every collected item, not only this folder's.
    browser = []
    for item in items:
        if BROWSER_TESTS in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            browser.append(item)
    # The browser tests run last, in each pytest-xdist worker too (its share of the
    # items comes in their order): once Playwright has started, its event loop counts
    # as running in the process's main thread for the rest of the session, and a test
    # after it that calls asyncio.run() (pyHanko's PDF seal) fails.
    chosen = set(browser)
    items[:] = [item for item in items if item not in chosen] + browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # The machine's Chromium: no browser is ever downloaded (`playwright install`).
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Lets tests write `page.goto("/lofte/")`."""
    return live_server.url


class _DemoSnapshot:
    """The demo's rows, loaded by `load_demo` once per test process and copied back
    before every browser test: every test still starts from the pristine demo (and
    `transactional_db` still empties every table after it), without loading the demo
    anew each time (seconds a test). SQLite (an in-memory database, the live server's
    connection the test's own) copies the whole database back with its backup API;
    PostgreSQL keeps a copy of each table in a schema of its own and copies the rows
    back, with the sequences set past them."""

    SCHEMA = "demo_snapshot"

    def __init__(self):
        self.taken = False
        self.sqlite_copy = None
        self.tables = []

    def restore_or_load(self):
        from django.db import connection

        if self.taken:
            self._restore(connection)
            return
        from followup.demo import load_demo

        load_demo()
        self._take(connection)
        self.taken = True

    def _take(self, connection):
        if connection.vendor == "sqlite":
            import sqlite3

            connection.ensure_connection()
            self.sqlite_copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.sqlite_copy)
            return
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.SCHEMA}")
            for table in tables:
                cursor.execute(f"CREATE TABLE {self.SCHEMA}.{qn(table)} AS TABLE {qn(table)}")
                copy = f"{self.SCHEMA}.{qn(table)}"
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {copy})")  # noqa: S608
                if cursor.fetchone()[0]:
                    self.tables.append(table)

    def _restore(self, connection):
        from django.contrib.contenttypes.models import ContentType

        # The content types come back with the copy's ids; the flush after the last
        # test made them anew, with others.
        ContentType.objects.clear_cache()
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            self.sqlite_copy.backup(connection.connection)
            return
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import transaction

        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        qn = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(map(qn, tables))}")
            for table in self.tables:
                copy = f"{self.SCHEMA}.{qn(table)}"
                cursor.execute(f"INSERT INTO {qn(table)} SELECT * FROM {copy}")  # noqa: S608
            models = apps.get_models(include_auto_created=True)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


@pytest.fixture(scope="session")
def _demo_snapshot():
    return _DemoSnapshot()


@pytest.fixture
def demo_site(transactional_db, live_server, settings, _demo_snapshot):
    """The live server with the demo data, as `make run` shows it.

    The server answers from another thread, so the data must be committed:
    hence `transactional_db`, which flushes every table after each test, the
    counties and objectives the data migrations filled included. The demo's rows
    put them back too: loaded by `load_demo` for the process's first browser test,
    copied back from the copy taken then for the others (_DemoSnapshot).
    """
    # The demo's signed pledges queue their PDFs; the browser tests don't open
    # them, so the tasks are left queued rather than rendered for every test.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _demo_snapshot.restore_or_load()
    return live_server
