"""Where the pledge PDF breaks its pages: a heading never ends a page, it keeps with
what follows it.

The reference pledge is rendered with a little more text before the headings at
a time, so that each heading in turn comes to the bottom of a page; and as a
county that has not written its board description yet, or a draft without the
board's commitments, would have it. The last line of each page is read back
with pypdf.
"""

import copy
import io
import re

import pypdf
import pytest
from django.utils.html import strip_tags

from pledges import pdf
from pledges.demo import REFERENCE_SLUG
from pledges.models import Pledge
from pledges.snapshot import pledge_snapshot

A4_HEIGHT = 842  # points
BOTTOM_MARGIN = 24 / 25.4 * 72  # the page's bottom margin (pledge.css): the footer is below
# Each step pushes what follows the actor's description six lines further down (about
# the height of a heading with the first lines under it); over the range, every heading
# after it comes to the bottom of a page somewhere.
EXTRA_LINES = range(0, 49, 6)


@pytest.fixture(scope="module")
def _reference(_demo_for_module, django_db_blocker):
    with django_db_blocker.unblock():
        return pledge_snapshot(Pledge.objects.get(slug=REFERENCE_SLUG))


@pytest.fixture
def reference(_reference, db):
    # `db`: pytest-django creates the test database only for tests that ask for it.
    return _reference


def headings_of(content: dict) -> set[str]:
    """The headings the print template writes (and the lead-in line of the board's list)."""
    html = pdf.snapshot_html(content, code="ABCDEFGHJK")
    found = re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>|<p class=\"lead-in\">(.*?)</p>", html, re.S)
    return {strip_tags(" ".join(parts)).strip() for parts in found} - {""}


def last_lines(data: bytes) -> list[str]:
    """The lowest line of text above the footer on each page, as pypdf reads it."""
    lines = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        pieces = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and y > BOTTOM_MARGIN:
                pieces.append((round(y), text.strip()))

        page.extract_text(visitor_text=visit)
        lowest = min(y for y, _ in pieces)
        lines.append(" ".join(text for y, text in pieces if y == lowest))
    return lines


def with_extra_lines(content: dict, n: int) -> dict:
    content = copy.deepcopy(content)
    content["actor"]["description"] += "\n\n" + "\n".join(["Ytterligare en rad."] * n)
    return content


VARIANTS = {
    "as signed": lambda c: c,
    "no board description": lambda c: {**c, "county": {**c["county"], "board_description": ""}},
    "no board commitments": lambda c: {**c, "board_measures": []},
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_page_ends_with_a_heading(reference, variant):
    content = VARIANTS[variant](reference)
    headings = headings_of(content)
    assert {"LÄNSSTYRELSEN", "LÄNSSTYRELSENS STÖD OCH ÅTAGANDEN"} <= headings
    assert "Hållbar mobilitet" in headings  # the measures' headings too
    stranded = []
    for n in EXTRA_LINES:
        data = pdf.render_snapshot_pdf(with_extra_lines(content, n), code="ABCDEFGHJK")
        for number, line in enumerate(last_lines(data), start=1):
            if line.removeprefix("• ") in headings:  # a measure's bullet is drawn by the CSS
                stranded.append(f"{n} more lines: page {number} ends with {line!r}")
    assert not stranded, "\n".join(stranded)


def test_the_last_lines_are_read_from_the_page_not_the_footer(reference):
    """Guards the test above: it reads the bottom of the text, not the running footer."""
    data = pdf.render_snapshot_pdf(reference, code="ABCDEFGHJK")
    lines = last_lines(data)
    assert len(lines) == len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 4
    assert not any("Sida" in line or "Verifieringskod" in line for line in lines)
    assert lines[-1] == "I KRONOBERGS LÄN"  # the back page ends with the board's wordmark
