"""The portal as production runs it, for the fault tests: gunicorn web processes and
`manage.py db_worker` workers as subprocesses, a PostgreSQL server of the test's own
(to restart), and a browser-like HTTP client that reads the forms it posts.

Each process is given its environment as production would be (config/settings.py reads
it): the database, the cache, the media folder, e-mail to files in a folder (Django's
file-based backend, readable after the process is gone).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
STARTUP_SECONDS = 60  # a slow, shared machine starting Django in four processes at once


def require_postgresql():
    """The fault tests run in the suite's PostgreSQL pass: SQLite has no server to
    restart and no row locks to contend for."""
    if connection.vendor != "postgresql":
        pytest.skip("the fault tests run on PostgreSQL (DATABASE_URL=postgres://…)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_url() -> str:
    """The shared cache of the processes: REDIS_URL, or a database of this test process's
    own on the machine's Redis (as tests/test_redis_cache.py picks it)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = 15 - int(worker.removeprefix("gw") or 0) % 8
    return os.environ.get("REDIS_URL", f"redis://127.0.0.1:6379/{number}")


def test_database_url() -> str:
    """The test database pytest-django made, for the subprocesses."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # not a test, whatever its name


def portal_env(*, database_url: str, folder: Path, cache_url: str = "", **extra) -> dict:
    """The environment of a web process or a worker: production's settings, with
    the media and the e-mail in `folder` (media/, mail/)."""
    env = dict(os.environ)
    for name in ("CACHE_URL", "EMAIL_URL", "EMAIL_BACKEND", "FAULT_PAUSE_DIR"):
        env.pop(name, None)
    (folder / "media").mkdir(exist_ok=True)
    (folder / "mail").mkdir(exist_ok=True)
    env |= {
        "DATABASE_URL": database_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "false",
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_URL": f"filemail:///{folder / 'mail'}",  # an absolute path: four slashes
        # No collectstatic in the tests: static files from the finders.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    if cache_url:
        env["CACHE_URL"] = cache_url
    env |= {name: str(value) for name, value in extra.items()}
    return env


class Process:
    """A subprocess of the portal, its output in a log file shown when a test fails."""

    def __init__(self, name: str, args: list[str], env: dict, folder: Path):
        self.name = name
        self.log_path = folder / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.popen = subprocess.Popen(  # noqa: S603  (our own commands)
            args,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL: what an out-of-memory killer or a lost machine does."""
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


class Web(Process):
    """gunicorn, as the README's Deploy section runs it."""

    def __init__(self, name: str, env: dict, folder: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        super().__init__(
            name,
            [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "8",
                "--timeout",
                "60",
            ],  # fmt: skip
            env,
            folder,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            assert self.alive(), f"{self.name} stopped:\n{self.log()}"
            try:
                requests.get(f"{self.url}/health/", timeout=30)
                return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        raise AssertionError(f"{self.name} did not answer:\n{self.log()}")


class Worker(Process):
    def __init__(self, name: str, env: dict, folder: Path):
        super().__init__(
            name,
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--no-startup-delay",
                "--no-reload",
                "--interval",
                "0.2",
                "--worker-id",
                name,
            ],  # fmt: skip
            env,
            folder,
        )


@contextmanager
def running(*processes: Process):
    """Stop the processes however the test ends (before the test database is emptied)."""
    try:
        for process in processes:
            if isinstance(process, Web):
                process.wait_ready()
        yield processes
    finally:
        for process in processes:
            process.stop()


def wait_for(condition, *, timeout: float, what: str, processes=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    logs = "\n".join(f"--- {p.name}\n{p.log()}" for p in processes)
    raise AssertionError(f"timed out waiting for {what}\n{logs}")


# A PostgreSQL server of the test's own -------------------------------------------


def postgresql_bin() -> Path:
    """Debian's PostgreSQL programs (initdb, pg_ctl). CI has them (it runs the suite on
    PostgreSQL): there a missing one fails the test; elsewhere it is skipped."""
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if all((folder / program).exists() for program in ("initdb", "pg_ctl", "pg_dump")):
            return folder
    message = "PostgreSQL's server programs are not installed (/usr/lib/postgresql/*/bin)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


class OwnPostgres:
    """A throwaway PostgreSQL cluster on a free port, for the test to stop and start
    (never the shared server that other tests use). initdb refuses to run as root: as
    root, the cluster belongs to the `postgres` system user."""

    def __init__(self):
        self.bin = postgresql_bin()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="mml-faults-pg-"))
        self.data = self.folder / "data"
        self.as_owner = []
        if os.geteuid() == 0:
            self.as_owner = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.folder, user="postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip

    def _run(self, program, *args):
        done = subprocess.run(  # noqa: S603  (our own arguments)
            [*self.as_owner, str(self.bin / program), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{program}: {done.stdout}{done.stderr}"
        return done.stdout

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            # Not the durability under test (a restart of the server, not of the
            # machine): commits stay synchronous, only the disk flushes go.
            "-c fsync=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def copy_database(self, source_url: str, name: str):
        """A copy of the test database (schema and rows) as `name` on this server."""
        subprocess.run(  # noqa: S603
            [
                str(self.bin / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                name,
            ],  # fmt: skip
            check=True,
            timeout=60,
        )
        dump = subprocess.Popen(  # noqa: S603
            [str(self.bin / "pg_dump"), "--no-owner", "--no-privileges", source_url],
            stdout=subprocess.PIPE,
        )
        subprocess.run(  # noqa: S603
            [
                str(self.bin / "psql"),
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-o",
                os.devnull,
                self.url(name),
            ],  # fmt: skip
            stdin=dump.stdout,
            check=True,
            timeout=120,
        )
        assert dump.wait(timeout=60) == 0

    def remove(self):
        with suppress(AssertionError):  # not running
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


# A browser, as far as forms go ----------------------------------------------------


class _Forms(HTMLParser):
    """The fields of each <form> of a page as a browser would send them (without the
    submit buttons, which the caller chooses)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # (attributes, [(name, value)])
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = (a, [])
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form[1].append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], None, None]  # name, first, selected
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in a:
                self._select[2] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            self._form[1].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, first, selected = self._select
            self._form[1].append((name, selected if selected is not None else (first or "")))
            self._select = None


def form_fields(html: str, *, having: str) -> dict:
    """The fields of the page's form that has a field named `having`."""
    parser = _Forms()
    parser.feed(html)
    for _attrs, fields in parser.forms:
        if any(name == having for name, _ in fields):
            return dict(fields)
    raise AssertionError(f"no form with a field {having!r} in the page")


def open_report_link(base_url: str, path: str) -> tuple[requests.Session, str]:
    """A representative opens an e-mailed report link and presses its button, as in
    the browser; the session then holds the report. Returns it and the form's address."""
    browser = requests.Session()
    page = browser.get(base_url + path, timeout=30)
    assert page.status_code == 200, page.text[:500]
    fields = form_fields(page.text, having="csrfmiddlewaretoken")
    opened = browser.post(
        base_url + path, data=fields, headers={"Referer": base_url + path}, timeout=30
    )
    assert opened.status_code == 200 and "/rapportera/rapport/" in opened.url, opened.url
    return browser, opened.url.removeprefix(base_url)
