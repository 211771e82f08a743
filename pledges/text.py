"""How a pledge's measures are written out, the same on the page and in the PDF."""

import datetime
import re
from collections.abc import Iterable

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

MONTHS_SV = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip


def short_text(text: str, limit: int) -> str:
    """The text on one line, at most `limit` characters: cut after the last whole word
    that fits with an ellipsis ("… halvvägs och…", never "… halvvägs och ef"). Where the
    whole text matters (the review, the exports), show it, not this."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    kept, length = [], -1
    for word in line.split(" "):
        length += 1 + len(word)
        if length + 1 > limit:  # and the ellipsis
            break
        kept.append(word)
    if not kept:  # one word longer than the limit: nothing to do but cut it
        return Truncator(line).chars(limit)
    # No "och,…": a comma or a dash before the ellipsis only says less.
    return " ".join(kept).rstrip(",;:–- ") + "…"


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


# A programme measure's number in a written-out link line: "36", "3a", "14".
_NUMBER = re.compile(r"\b\d+[a-zA-Z]?\b")


def linked_numbers(line: str, links: Iterable) -> list[tuple[str, object]]:
    """The "Koppling till åtgärd …" line cut into (text, programme measure or None), so
    that a page can link each number of it to the measure it names.

    The line stays as it was written (a signed pledge's is frozen, and a measure may
    have its own wording, `link_text`); a number is linked to the first of the links,
    in the order link_line writes them, with that number that is not linked yet. A
    number no link has (a measure renumbered since the signing) stays plain text.
    """
    groups: dict[str, list] = {}
    for link in links:
        groups.setdefault(link.programme_measure.theme.name, []).append(link.programme_measure)
    waiting = [pm for group in groups.values() for pm in group]
    parts, start = [], 0
    for match in _NUMBER.finditer(line):
        number = match.group().lower()
        pm = next((pm for pm in waiting if pm.number.lower() == number), None)
        if pm is None:
            continue
        waiting.remove(pm)
        if match.start() > start:
            parts.append((line[start : match.start()], None))
        parts.append((match.group(), pm))
        start = match.end()
    if start < len(line):
        parts.append((line[start:], None))
    return parts


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


def signing_record(signatory: dict) -> str:
    """How and when a party signed, from a snapshot's signatory entry: "Undertecknat i
    portalen 21 november 2017", "Undertecknat på papper 15 mars 2024, registrerat av
    Karin Kronoberg". Printed under the signature line and on the verification page,
    in the language active (the PDF is always Swedish).

    Snapshots frozen before the signing record was kept have no "signed_on" nor
    "recorded_by": the day then comes from "signed_at" and the recorder is left out.
    """
    if signatory.get("signed_on"):
        day = datetime.date.fromisoformat(signatory["signed_on"])
    elif signatory.get("signed_at"):
        day = timezone.localdate(datetime.datetime.fromisoformat(signatory["signed_at"]))
    else:
        return ""
    values = {"day": date_format(day, "j F Y")}
    method = signatory.get("method")
    if method == "portal":
        return _("Undertecknat i portalen %(day)s") % values
    if method == "link":
        return _("Undertecknat via e-postlänk %(day)s") % values
    if method == "wet_ink" and signatory.get("recorded_by"):
        return _("Undertecknat på papper %(day)s, registrerat av %(by)s") % {
            **values,
            "by": signatory["recorded_by"],
        }
    if method == "wet_ink":
        return _("Undertecknat på papper %(day)s") % values
    return _("Undertecknat %(day)s") % values


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
