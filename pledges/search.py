"""Searching pledges by what they say: the actor's name, the introduction, the
measures' headings and texts.

On PostgreSQL a Swedish full-text search ("restvärmen" finds "restvärme"),
ranked (the actor's name above the introduction above the measures) and with
the matching words shown by ts_headline. On SQLite, which has no Swedish
stemmer, the whole query as a plain case-insensitive contains-search.

`django.contrib.postgres` is imported only on PostgreSQL: the same code and the
same suite run on SQLite.

A highlight is always built the same safe way: the text is split at the
matches, every piece escaped, and only the matches wrapped in <mark>; the
user's text is never marked safe as it stands.
"""

import re

from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from actors.search import search_query

from .models import Measure

SEARCH_CONFIG = "swedish"
# ts_headline's selectors: control characters no form lets through (one-line
# fields refuse them, and PostgreSQL text from the portal never holds them);
# stray ones are dropped anyway before the text is shown.
START, STOP = "\x02", "\x03"
HIGHLIGHT_WORDS = 30
PREFIX_MIN_LENGTH = 3


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _measure_texts():
    """A subquery: every measure's heading and text of the outer pledge, as one text."""
    from django.contrib.postgres.aggregates import StringAgg

    return Subquery(
        Measure.objects.filter(pledge=OuterRef("pk"))
        .order_by()
        .values("pledge")
        .annotate(
            all_text=StringAgg(
                Concat(
                    # "Restvärme: Vi tar tillvara …", as the page shows it.
                    Case(
                        When(heading="", then=Value("", output_field=TextField())),
                        default=Concat(
                            Cast("heading", TextField()), Value(": ", output_field=TextField())
                        ),
                    ),
                    F("text"),
                ),
                delimiter=" · ",
            )
        )
        .values("all_text"),
        output_field=TextField(),
    )


def search_pledges(pledges, value):
    """`pledges` that match the search `value` (cut by search_query), best first on
    PostgreSQL; each carries `search_headline` there, the raw ts_headline."""
    query = search_query(value)
    if not query:
        return pledges
    if is_postgresql():
        return _full_text(pledges, query)
    in_measures = Measure.objects.filter(pledge=OuterRef("pk")).filter(
        Q(heading__icontains=query) | Q(text__icontains=query)
    )
    return pledges.filter(
        Q(actor__name__icontains=query) | Q(introduction__icontains=query) | Exists(in_measures)
    )


def _full_text(pledges, query):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    measures = _measure_texts()
    vector = (
        SearchVector("actor__name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("introduction", weight="B", config=SEARCH_CONFIG)
        + SearchVector(measures, weight="C", config=SEARCH_CONFIG)
    )
    # websearch: whatever is typed is a valid query (quotes, "or", "-word").
    search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    prefixes = prefix_query(query)
    if prefixes:
        # Or every word as the start of one: "energi" finds "energieffektiva", "Sol"
        # finds "Solkraft" (Swedish compounds are one word; SQLite's contains-search
        # finds them too).
        search = search | SearchQuery(prefixes, config=SEARCH_CONFIG, search_type="raw")
    document = Concat(
        F("introduction"),
        Value(" ", output_field=TextField()),
        Coalesce(measures, Value("", output_field=TextField())),
        output_field=TextField(),
    )
    return (
        pledges.annotate(search_document=vector, search_rank=SearchRank(vector, search))
        .filter(search_document=search)
        .annotate(
            search_headline=SearchHeadline(
                document,
                search,
                config=SEARCH_CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=HIGHLIGHT_WORDS,
                min_words=10,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .order_by("-search_rank", *pledges.query.order_by)
    )


def prefix_query(query: str) -> str:
    """A raw tsquery: every word of `query` as a prefix (words shorter than
    PREFIX_MIN_LENGTH as they are: "B" must not find every "AB"), all of them
    required. Only letters and digits reach it, so that no input is tsquery syntax."""
    words = re.findall(r"\w+", query)
    return " & ".join(f"{word}:*" if len(word) >= PREFIX_MIN_LENGTH else word for word in words)


def highlight_marked(text: str) -> SafeString:
    """ts_headline's output, escaped, with its START…STOP pairs as <mark>."""
    pieces = re.split(f"{START}([^{START}{STOP}]*){STOP}", text or "")
    return _join(pieces)


def highlight_words(text: str, query: str) -> SafeString:
    """`text` escaped, every occurrence of `query` (any case) marked."""
    query = search_query(query)
    if not query:
        return escape(text)
    pieces = re.split(f"({re.escape(query)})", text or "", flags=re.IGNORECASE)
    return _join(pieces)


def _join(pieces: list[str]) -> SafeString:
    """Odd pieces are matches: each piece escaped (and stripped of selectors), the
    matches wrapped in <mark>."""
    out = []
    for i, piece in enumerate(pieces):
        piece = escape(piece.replace(START, "").replace(STOP, ""))
        out.append(f"<mark>{piece}</mark>" if i % 2 else piece)
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)


def excerpt(text: str, query: str, words: int = HIGHLIGHT_WORDS) -> str:
    """About `words` words of `text` around the first occurrence of `query`."""
    at = text.lower().find(query.lower())
    if at < 0:
        return ""
    before = text[:at].split()
    after = text[at:].split()
    keep_before = before[-(words // 3) :] if before else []
    shown = " ".join([*keep_before, *after[: words - len(keep_before)]])
    prefix = "… " if len(keep_before) < len(before) else ""
    suffix = " …" if len(after) > words - len(keep_before) else ""
    return prefix + shown + suffix


def add_highlights(pledges, query: str) -> None:
    """Give each of `pledges` (a page of search results) `highlight`: the matching
    words in their context, safe HTML, or "" when the match is in the actor's name
    only. One query on SQLite (the page's measures), none on PostgreSQL."""
    query = search_query(query)
    pledges = list(pledges)
    if not query or not pledges:
        return
    if is_postgresql():
        for pledge in pledges:
            headline = getattr(pledge, "search_headline", "") or ""
            pledge.highlight = highlight_marked(headline) if START in headline else ""
        return
    texts = {pledge.pk: [pledge.introduction] for pledge in pledges}
    for pledge_id, heading, text in Measure.objects.filter(pledge__in=pledges).values_list(
        "pledge_id", "heading", "text"
    ):
        texts[pledge_id] += [heading, text]
    for pledge in pledges:
        found = next(
            (e for e in (excerpt(t, query) for t in texts[pledge.pk] if t) if e),
            "",
        )
        pledge.highlight = highlight_words(found, query) if found else ""
