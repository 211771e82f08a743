"""Reads the signed reference pledge (Kronoberg, 2017) that ships in pledges/data/.

The demo data is built from this document rather than retyped, and the tests
compare the portal's output with it. The parser knows the document's layout:
headings in capitals, "•" before each measure heading, "-" before each board
commitment, and line breaks (with hyphenation) from the printed page.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from .text import MONTHS_SV

PATH = Path(__file__).resolve().parent / "data" / "miljomalslofte-energikontor-sydost-2017.txt"


@dataclass
class ReferenceLink:
    theme: str
    number: str
    is_primary: bool


@dataclass
class ReferenceMeasure:
    heading: str
    text: str
    link_line: str
    links: list[ReferenceLink] = field(default_factory=list)


@dataclass
class ReferenceSignatory:
    name: str
    title: str
    organisation: str


@dataclass
class ReferencePledge:
    intro: str
    actor_name_caps: str
    actor_description: str
    measures: list[ReferenceMeasure]
    board_description: str
    commitments: list[str]
    closing_declaration: str
    end_year: int
    place: str
    date: datetime.date
    place_and_date: str
    signatories: list[ReferenceSignatory]
    explanation: str


def paragraphs(lines: list[str]) -> str:
    """Join printed lines into paragraphs separated by a blank line.

    A blank line inside a sentence is the page layout, not a paragraph break;
    a line ending in "-" before a lower-case word was hyphenated by the layout.
    """
    paras: list[str] = []
    current = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            if current and current[-1] in ".!?:":
                paras.append(current)
                current = ""
            continue
        if not current:
            current = line
        elif current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}"
    if current:
        paras.append(current)
    return "\n\n".join(paras)


_GROUP = re.compile(r"åtgärd (?P<numbers>.+?), tema (?P<theme>.+?)(?=(?:, | samt )åtgärd |$)")


def parse_link_line(line: str) -> list[ReferenceLink]:
    """ "Koppling till åtgärd 43 och 48 (främst), tema Klimat och energi" -> links."""
    links = []
    body = line.removeprefix("Koppling till ")
    for match in _GROUP.finditer(body):
        numbers = match.group("numbers")
        primary = numbers.endswith("(främst)")
        numbers = numbers.removesuffix("(främst)").strip()
        for number in re.split(r", | och ", numbers):
            links.append(ReferenceLink(match.group("theme"), number.strip(), primary))
    return links


def _index(lines: list[str], text: str, start: int = 0) -> int:
    for i in range(start, len(lines)):
        if lines[i].strip() == text:
            return i
    raise ValueError(f"{text!r} not found in the reference pledge")


def parse(text: str | None = None) -> ReferencePledge:
    lines = (text if text is not None else PATH.read_text(encoding="utf-8")).splitlines()
    top = _index(lines, "MILJÖMÅLSLÖFTE")
    board_logo = _index(lines, "LÄNSSTYRELSEN", top)
    intro = paragraphs(lines[top + 1 : board_logo])

    i = board_logo + 2  # "LÄNSSTYRELSEN" / "I KRONOBERGS LÄN"
    while not lines[i].strip():
        i += 1
    actor_caps = lines[i].strip()
    measures_heading = next(
        j for j in range(i, len(lines)) if lines[j].strip().endswith("S ÅTGÄRDER")
    )
    actor_description = paragraphs(lines[i + 1 : measures_heading])

    board_heading = _index(lines, "LÄNSSTYRELSEN", measures_heading)
    measures: list[ReferenceMeasure] = []
    block: list[str] = []
    for line in [*lines[measures_heading + 1 : board_heading], "• "]:
        if line.startswith("• "):
            if block:
                heading, *body = block
                link_line = next(b.strip() for b in body if b.startswith("Koppling till"))
                body = [b for b in body if not b.startswith("Koppling till")]
                measures.append(
                    ReferenceMeasure(
                        heading=heading,
                        text=paragraphs(body),
                        link_line=link_line,
                        links=parse_link_line(link_line),
                    )
                )
            block = [line.removeprefix("• ").strip()]
        elif block:
            block.append(line)

    commitments_heading = _index(lines, "LÄNSSTYRELSENS STÖD OCH ÅTAGANDEN", board_heading)
    board_description = paragraphs(lines[board_heading + 1 : commitments_heading])
    shall = _index(lines, "Länsstyrelsen ska:", commitments_heading)
    commitments = []
    j = shall + 1
    while not lines[j].strip() or lines[j].startswith("- "):
        if lines[j].startswith("- "):
            commitments.append(lines[j].removeprefix("- ").strip())
        j += 1
    closing = lines[j].strip()
    j += 1
    while not lines[j].strip():
        j += 1
    place_and_date = lines[j].strip()
    place, _, date_text = place_and_date.partition(" den ")
    day, month, year = date_text.split()
    date = datetime.date(int(year), MONTHS_SV.index(month) + 1, int(day))

    back = _index(lines, "MILJÖMÅLSLÖFTE", j)
    signature_lines = [line.strip() for line in lines[j + 1 : back] if line.strip()]
    signatories = [
        ReferenceSignatory(*signature_lines[k : k + 3]) for k in range(0, len(signature_lines), 3)
    ]
    end = _index(lines, "LÄNSSTYRELSEN", back)
    explanation = paragraphs(lines[back + 1 : end])

    return ReferencePledge(
        intro=intro,
        actor_name_caps=actor_caps,
        actor_description=actor_description,
        measures=measures,
        board_description=board_description,
        commitments=commitments,
        closing_declaration=closing,
        end_year=int(re.search(r"år (\d{4})", closing).group(1)),
        place=place,
        date=date,
        place_and_date=place_and_date,
        signatories=signatories,
        explanation=explanation,
    )
