"""A PDF's text as a reader reads it, to compare with the reference pledge."""

import io
import re

import pypdf

# The page footer, as pypdf reads it: the running label and "Sida 2 av 4".
FOOTER = re.compile(r"^.*Sida \d+ av \d+$", re.MULTILINE)


def normalise(text: str) -> str:
    """One space for any run of whitespace, and no hyphen between two word parts.

    The same on both sides: a line may break after any hyphen ("fossil-/drivna"),
    and the reference was hyphenated by its own layout.
    """
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=\w)- ?(?=\w)", "", text)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def body_text(data: bytes) -> str:
    """The document's text, footers left out, normalised."""
    return normalise("\n".join(FOOTER.sub("", text) for text in page_texts(data)))
