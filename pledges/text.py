"""How a pledge's measures are written out, the same on the page and in the PDF."""

import datetime
from collections.abc import Iterable

from django.utils.formats import number_format

MONTHS_SV = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip


def join_sv(items: list[str]) -> str:
    """ "a", "a och b", "a, b och c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


def link_line(links: Iterable) -> str:
    """The "Koppling till åtgärd …, tema …" line of a measure, built from its links.

    Links are grouped by theme in the order they come; "(främst)" marks the
    primary links, once after the group when every link in it is primary.
    """
    groups: dict[str, list] = {}
    for link in links:
        groups.setdefault(link.programme_measure.theme.name, []).append(link)
    parts = []
    for theme, theme_links in groups.items():
        if all(link.is_primary for link in theme_links):
            numbers = join_sv([link.programme_measure.number for link in theme_links]) + " (främst)"
        else:
            numbers = join_sv(
                [
                    link.programme_measure.number + (" (främst)" if link.is_primary else "")
                    for link in theme_links
                ]
            )
        parts.append(f"åtgärd {numbers}, tema {theme}")
    if not parts:
        return ""
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " samt " + parts[-1]
    return "Koppling till " + joined


def date_sv(date: datetime.date) -> str:
    """ "21 november 2017"."""
    return f"{date.day} {MONTHS_SV[date.month - 1]} {date.year}"


def place_and_date(pledge: dict) -> str:
    """ "Växjö den 21 november 2017", or as much of it as is known."""
    place = pledge.get("signing_place") or ""
    if not pledge.get("signing_date"):
        return place
    date = date_sv(datetime.date.fromisoformat(pledge["signing_date"]))
    return f"{place} den {date}" if place else date


def file_size(size: int) -> str:
    """ "182 kB", "1,4 MB": a file's size as a reader writes it, in the page's language.

    (Django's filesizeformat says "182,0 kB".) Kilo- and megabytes of 1 024, as
    file managers count them.
    """
    if size < 1024 * 1024:
        return f"{number_format(max(1, round(size / 1024)), force_grouping=True)}\xa0kB"
    megabytes = round(size / (1024 * 1024), 1)
    decimals = 0 if megabytes == int(megabytes) else 1
    return f"{number_format(megabytes, decimals, force_grouping=True)}\xa0MB"
