"""deploy/production.env.example: every variable the portal reads, and a portal
configured by it passes Django's deployment checklist with no warning."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "deploy" / "production.env.example"
SETTINGS = ROOT / "config" / "settings.py"


def example_values() -> dict:
    values = {}
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def variables_read_by_settings() -> set:
    text = SETTINGS.read_text()
    names = set(re.findall(r'env\.\w+\(\s*"([A-Z][A-Z0-9_]*)"', text))
    names |= set(re.findall(r'"([A-Z][A-Z0-9_]*)" in env', text))
    # A family of variables named after a county code: PDF_SIGNING_PASSPHRASE_07.
    names |= {m.rstrip("_") for m in re.findall(r'env\.\w+\(f"([A-Z_]+)\{', text)}
    return names


def test_the_example_names_every_variable_the_settings_read():
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", EXAMPLE.read_text(), re.M))
    documented |= {name.rsplit("_", 1)[0] for name in documented if name[-1].isdigit()}
    missing = variables_read_by_settings() - documented
    assert not missing, f"not in {EXAMPLE.name}: {sorted(missing)}"


def check_deploy(values: dict) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        # Only the example's configuration: nothing of the test run's own.
        if key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
    }
    environment.update(values)
    return subprocess.run(  # noqa: S603  (our own manage.py)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_portal_configured_by_the_example_passes_check_deploy():
    values = example_values()
    values["SECRET_KEY"] = secrets.token_urlsafe(50)  # what the operator is told to do
    result = check_deploy(values)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_examples_placeholder_key_is_refused():
    result = check_deploy(example_values())
    assert result.returncode != 0
    assert "miljomalslofte.E003" in result.stdout + result.stderr


def test_hsts_subdomains_and_preload_come_from_the_environment():
    values = example_values()
    values["SECRET_KEY"] = secrets.token_urlsafe(50)
    values["SECURE_HSTS_PRELOAD"] = "false"
    values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] = "false"
    result = check_deploy(values)
    assert "security.W005" in result.stdout + result.stderr
    assert "security.W021" in result.stdout + result.stderr
