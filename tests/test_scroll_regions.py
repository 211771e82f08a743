"""Every region that scrolls sideways on a narrow screen (the portal's tables) is made
one way, by templates/_scroll_region.html: the keyboard can focus it, and it is named.

The browser tests run axe on every signed-in page at 390 px; these say the same of
every template, and of the pages as the server writes them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR, "templates")
REGION = "_scroll_region.html"


def templates_with_tables():
    # Print templates (a `pdf` folder: WeasyPrint's, never a browser's) do not scroll.
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if "<table" in path.read_text("utf-8") and "pdf" not in path.relative_to(TEMPLATES).parts
    )


def test_the_portal_has_tables_to_check():
    assert len(templates_with_tables()) >= 9


@pytest.mark.parametrize(
    "path", templates_with_tables(), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_every_table_is_in_a_scroll_region(path):
    text = path.read_text("utf-8")
    name = str(path.relative_to(TEMPLATES))
    assert "table-responsive" not in text, "the wrapper is written once, in " + REGION
    partials = set(re.findall(r"{% partialdef ([\w-]+) %}", text))
    regions = re.findall(rf'{{% include "{REGION}" with content="([^"]+)"', text)
    tables = re.findall(r"{% partialdef ([\w-]+) %}\s*<table", text)
    assert len(tables) == text.count("<table"), "each table is a partial of its own"
    assert sorted(regions) == sorted(f"{name}#{partial}" for partial in tables)
    assert set(tables) <= partials


@pytest.fixture
def demo_coordinator_client(client, shared_demo):
    client.force_login(shared_demo["coordinator"])
    return client


def regions_of(page: str) -> list[tuple[str, str]]:
    """Each scroll region's opening tag and what it holds."""
    return re.findall(
        r'(<div class="table-responsive[^"]*"[^>]*>)(.*?)</table>\s*</div>', page, re.S
    )


def name_of(tag: str, page: str) -> str:
    label = re.search(r'aria-label="([^"]*)"', tag)
    if label:
        return label.group(1)
    labelledby = re.search(r'aria-labelledby="([^"]+)"', tag).group(1)
    heading = re.search(rf'<(\w+)[^>]* id="{labelledby}"[^>]*>(.*?)</\1>', page, re.S)
    return re.sub(r"<[^>]+>", "", heading.group(2)).strip() if heading else ""


@pytest.mark.parametrize(
    "path",
    [
        reverse("workspace"),
        reverse("actors:manage_list"),
        reverse("actors:edit", args=["energikontor-sydost"]),
        reverse("pledges:programme_list"),
        reverse("followup:round_list"),
    ],
)
def test_the_regions_on_the_pages_can_be_focused_and_are_named(demo_coordinator_client, path):
    page = demo_coordinator_client.get(path).content.decode()
    regions = regions_of(page)
    assert regions, "the page has a table"
    for tag, content in regions:
        assert 'tabindex="0"' in tag and 'role="region"' in tag
        assert name_of(tag, page), tag
        assert "<table" in content and "<td" in content  # the partial was filled in


def test_the_actors_people_are_a_region_named_by_their_heading(demo_coordinator_client):
    page = demo_coordinator_client.get(reverse("actors:edit", args=["energikontor-sydost"]))
    page = page.content.decode()
    (tag, content), *_ = regions_of(page)
    assert name_of(tag, page) == "Personer"
    assert "redaktor@energikontor.example" in content
