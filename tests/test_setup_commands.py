"""The README's two commands on a fresh machine: `make run` and `make test` install the
Debian packages they need (scripts/system-packages) when they run as root, and
otherwise stop at once, naming them; `make run` builds every link from its HOST and
PORT."""

import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system-packages"


def fake_command(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def machine(tmp_path):
    """A Debian machine on which nothing is installed: dpkg-query knows no package, and
    apt-get writes down what it is asked to do."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_command(bin_dir, "dpkg-query", "exit 1")
    fake_command(bin_dir, "apt-get", f'echo "$@" >> {tmp_path}/apt.log')

    def run(what, *, uid):
        fake_command(bin_dir, "id", f"echo {uid}")
        env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
        done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            ["/bin/bash", str(SCRIPT), what], capture_output=True, text=True, env=env
        )
        log = tmp_path / "apt.log"
        return done, log.read_text() if log.exists() else ""

    return run


def test_as_root_the_missing_packages_are_installed(machine):
    done, apt = machine("test", uid=0)
    assert done.returncode == 0
    assert "update" in apt
    [install] = [line for line in apt.splitlines() if "install" in line]
    for package in ["chromium", "libpango-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"]:
        assert package in install.split()


def test_without_root_it_stops_with_one_line_naming_the_packages(machine):
    done, apt = machine("test", uid=1000)
    assert done.returncode == 1
    assert apt == ""
    [line] = done.stderr.splitlines()
    assert "apt-get install" in line
    assert "chromium" in line and "libharfbuzz-subset0" in line


def test_running_the_portal_needs_no_browser(machine):
    done, _apt = machine("run", uid=1000)
    assert "chromium" not in done.stderr
    assert "libpango-1.0-0" in done.stderr


def test_the_benchmarks_need_wrk_and_no_browser(machine):
    done, _apt = machine("bench", uid=1000)
    assert done.returncode == 1
    assert "wrk" in done.stderr.split()
    assert "chromium" not in done.stderr


@pytest.mark.parametrize(
    ("arguments", "site_url"),
    [
        (["PORT=8301"], "http://127.0.0.1:8301"),
        (["HOST=192.0.2.7", "PORT=8302"], "http://192.0.2.7:8302"),
        (["PORT=8301", "SITE_URL=https://miljomal.example.se"], "https://miljomal.example.se"),
    ],
)
def test_make_run_gives_the_portal_the_address_it_serves_on(arguments, site_url):
    """Every link the portal sends or prints starts with SITE_URL; `make run` exports it,
    made from HOST and PORT unless it is given (a dry run prints what it serves on)."""
    done = subprocess.run(  # noqa: S603 - make's own dry run
        ["make", "-s", "-n", "run", *arguments],  # noqa: S607
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "SITE_URL"},
    )
    assert f"Portalen körs på {site_url}/" in done.stdout
    assert "run: export SITE_URL ?=" in (ROOT / "Makefile").read_text()
