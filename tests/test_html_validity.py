"""The HTML of every public page passes the Nu HTML Checker (vnu-jar from npm, run
with the machine's Java) with no error, in Swedish and English, for the public and
for a signed-in user.

All pages go to one java invocation: the checker takes seconds to start."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pledges.demo import DEMO_PASSWORD, DEMO_USERS, REFERENCE_SLUG
from pledges.models import MeasureLink, SignedVersion

VNU_JAR = Path(settings.BASE_DIR, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")

PATHS = [
    "/",
    "/lofte/",
    "/lofte/?q=energi",
    f"/lofte/{REFERENCE_SLUG}/",
    "/aktorer/energikontor-sydost/",
    "/lan/kronobergs-lan/",
    "/verifiera/",
    "/verifiera/?code=finns+inte",
    "/tillganglighet/",
    "/tillganglighet/tack/",
    "/personuppgifter/",
    "/konto/logga-in/",
    "/miljomal/1/",
    "/globala-malen/7/",
    "/oppna-data/",
    "/oppna-data/falt/",
]
# Outside the language prefix: the API's documentation chooses its language itself.
UNPREFIXED = ["/api/"]


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        # CI installs Java with the test system packages (scripts/system-packages):
        # there a missing java is a failure, not a reason to skip.
        if os.environ.get("CI"):
            pytest.fail("java is missing: install default-jre-headless (scripts/system-packages)")
        pytest.skip("java is not installed here (Debian: default-jre-headless)")
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `npm ci` (make assets)"
    return java


def test_public_pages_pass_the_nu_html_checker(client, shared_demo, tmp_path):
    java = _java()
    code = SignedVersion.objects.get(pledge__slug=REFERENCE_SLUG).code
    # The programme measure the reference pledge serves first, and its theme.
    link = MeasureLink.objects.filter(measure__pledge__slug=REFERENCE_SLUG).first()
    pm = link.programme_measure
    county = pm.theme.programme.county.slug
    served = [
        reverse("pledges:theme", args=[county, pm.theme_id]),
        reverse("pledges:programme_measure", args=[county, pm.pk]),
    ]
    paths = [*PATHS, f"/verifiera/{code}/", *served]
    files = {}
    for prefix, path in [
        *((prefix, path) for prefix in ("", "/en") for path in paths),
        *(("", path) for path in UNPREFIXED),
    ]:
        response = client.get(prefix + path)
        assert response.status_code == 200, prefix + path
        name = f"{len(files):02d}.html"
        (tmp_path / name).write_bytes(response.content)
        files[name] = prefix + path
    # The same pages as a signed-in coordinator sees them (the header's menu differs).
    client.force_login(shared_demo["coordinator"])
    for path in ("/", f"/lofte/{REFERENCE_SLUG}/", "/tillganglighet/"):
        response = client.get(path)
        assert response.status_code == 200, path
        name = f"{len(files):02d}.html"
        (tmp_path / name).write_bytes(response.content)
        files[name] = f"{path} (signed in)"
    # The second factor's pages: the code asked after the password, and enrolling an
    # app (its QR code is SVG inside the HTML).
    client.logout()
    client.post(
        reverse("login"), {"username": DEMO_USERS["coordinator"].email, "password": DEMO_PASSWORD}
    )
    editor = Client()
    editor.force_login(shared_demo["editor"])
    for who, path in ((client, reverse("second_factor")), (editor, reverse("second_factor_enrol"))):
        response = who.get(path)
        assert response.status_code == 200, path
        name = f"{len(files):02d}.html"
        (tmp_path / name).write_bytes(response.content)
        files[name] = path

    result = subprocess.run(  # noqa: S603  (our own arguments)
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *sorted(files)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}:{m.get('lastLine')}: "
        f"{m.get('message')} [{m.get('extract', '').strip()}]"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert errors == [], "\n".join(errors)
    assert result.returncode == 0, result.stderr  # the checker ran, and read every file
