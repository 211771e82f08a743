"""Browser tests: the demo portal served by a live server, driven by Debian's Chromium."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread, and Django's
# ORM refuses to run while one is running. The tests touch the database only to
# load the demo data, never concurrently with the page.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items):
    # Hooks in a conftest see every collected item, not only this folder's.
    for item in items:
        if BROWSER_TESTS in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


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


@pytest.fixture
def demo_site(transactional_db, live_server, settings):
    """The live server with the demo data, as `make run` shows it.

    The server answers from another thread, so the data must be committed:
    hence `transactional_db`, which flushes every table after each test, the
    counties and objectives the data migrations filled included. `load_demo`
    puts those back too.
    """
    from followup.demo import load_demo

    # The demo's signed pledges queue their PDFs; the browser tests don't open
    # them, so the tasks are left queued rather than rendered for every test.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    load_demo()
    return live_server
