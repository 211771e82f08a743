"""The printed "Koppling till åtgärd …" line, as the signed documents word it."""

from types import SimpleNamespace

import pytest

from pledges import reference_pledge
from pledges.text import join_sv, link_line, short_text


def link(theme, number, primary=False):
    return SimpleNamespace(
        programme_measure=SimpleNamespace(number=number, theme=SimpleNamespace(name=theme)),
        is_primary=primary,
    )


KE = "Klimat och energi"
HK = "Hållbar konsumtion"


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ([link(KE, "36")], "Koppling till åtgärd 36, tema Klimat och energi"),
        (
            [link(KE, "2"), link(KE, "63"), link(HK, "14")],
            "Koppling till åtgärd 2 och 63, tema Klimat och energi "
            "samt åtgärd 14, tema Hållbar konsumtion",
        ),
        (
            [link(KE, "14"), link(KE, "15"), link(KE, "16")],
            "Koppling till åtgärd 14, 15 och 16, tema Klimat och energi",
        ),
        (
            [link(KE, "43", True), link(KE, "48", True)],
            "Koppling till åtgärd 43 och 48 (främst), tema Klimat och energi",
        ),
        (
            [link(KE, "2", True), link(KE, "63")],
            "Koppling till åtgärd 2 (främst) och 63, tema Klimat och energi",
        ),
        (
            [link(KE, "2"), link(KE, "63", True), link(KE, "7")],
            "Koppling till åtgärd 2, 63 (främst) och 7, tema Klimat och energi",
        ),
        (
            [link(KE, "1", True), link(HK, "12")],
            "Koppling till åtgärd 1 (främst), tema Klimat och energi "
            "samt åtgärd 12, tema Hållbar konsumtion",
        ),
        (
            [link("A", "1"), link("B", "2"), link("C", "3")],
            "Koppling till åtgärd 1, tema A, åtgärd 2, tema B samt åtgärd 3, tema C",
        ),
        # Links are grouped by theme in the order each theme first appears.
        (
            [link(KE, "2"), link(HK, "14"), link(KE, "63")],
            "Koppling till åtgärd 2 och 63, tema Klimat och energi "
            "samt åtgärd 14, tema Hållbar konsumtion",
        ),
        ([], ""),
    ],
    ids=[
        "one theme",
        "two themes",
        "three numbers",
        "all primary",
        "one primary of two",
        "one primary of three",
        "primary group beside another theme",
        "three themes",
        "themes interleaved",
        "no links",
    ],
)
def test_link_line(links, expected):
    assert link_line(links) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [([], ""), (["a"], "a"), (["a", "b"], "a och b"), (["a", "b", "c"], "a, b och c")],
)
def test_join_sv(items, expected):
    assert join_sv(items) == expected


def test_link_line_words_the_reference_documents_lines_as_signed():
    """Built from the document's own links, the line comes back as the document has it.

    Except where the document lists three numbers without "och": the demo
    keeps that wording as the measure's own link text.
    """
    doc = reference_pledge.parse()
    rebuilt = {}
    for measure in doc.measures:
        links = [link(x.theme, x.number, x.is_primary) for x in measure.links]
        rebuilt[measure.heading] = (link_line(links), measure.link_line)
    differing = {heading for heading, (ours, theirs) in rebuilt.items() if ours != theirs}
    assert len(differing) == 1
    (heading,) = differing
    ours, theirs = rebuilt[heading]
    assert ours.replace(" och ", ", ", 1) == theirs


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (200, "Länsstyrelsen ska följa, upp löftet halvvägs och efter perioden."),
        (60, "Länsstyrelsen ska följa, upp löftet halvvägs och efter…"),
        (40, "Länsstyrelsen ska följa, upp löftet…"),
        # No comma left before the ellipsis, and a word too long for the room is cut.
        (25, "Länsstyrelsen ska följa…"),
        (10, "Länsstyre…"),
    ],
)
def test_a_short_text_ends_after_a_whole_word(limit, expected):
    text = "Länsstyrelsen ska  följa,\nupp löftet halvvägs och efter perioden."
    assert short_text(text, limit) == expected
    assert len(short_text(text, limit)) <= limit
