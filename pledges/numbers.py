"""Numbers as people write them: shown in the reader's language, read as they type them.

Indicator values are decimals with two places in the database ("2400.00"); a
Swedish reader writes them "2 400", "20,5": no trailing zeros, a decimal
comma, a no-break space between thousands. Everything that shows a decimal
(pages, e-mails, PDFs, the CSV) goes through format_number, templates through
its filter `{% load numbers %}{{ value|number }}`; the form fields that take
one (pledges.fields) read it back with parse_number.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.formats import get_format, number_format

_PLAIN = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")
# "2,400.5" where a comma groups thousands (English), and nothing else.
_COMMA_GROUPED = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def as_decimal(value) -> Decimal | None:
    """A Decimal, int, float or plain decimal string ("20.00", as the signed versions'
    snapshots keep them) as a Decimal; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, str) and _PLAIN.fullmatch(value.strip()):
        return Decimal(value.strip())
    return None


def format_number(value, *, grouping: bool = True, language: str | None = None) -> str:
    """The number as the reader writes it: "20", "2 400", "20,5" in Swedish ("2,400",
    "20.5" in English); "" for None, and anything that is not a number as it is.

    `grouping=False` leaves out the thousands separator (the CSV, where a
    spreadsheet must read the cell as a number); `language` overrides the
    active one (the PDF and the CSV are Swedish whatever the page's language).
    """
    if value is None or value == "":
        return ""
    number = as_decimal(value)
    if number is None:
        return str(value)
    # No trailing zeros: 20.50 is "20,5", 2400.00 is "2 400" (and -0 is 0).
    number = number.normalize() if number else Decimal(0)
    if language:
        with translation.override(language):
            return str(number_format(number, force_grouping=grouping))
    return str(number_format(number, force_grouping=grouping))


def parse_number(text: str) -> Decimal:
    """What a person typed as a Decimal: "2100,5", "2100.5", "2 100,50" (any space
    groups thousands). Raises ValueError for anything else.

    In Swedish a comma or a point is the decimal mark, and only one of them may
    be there ("2.400,50" is refused, not guessed at). In English a comma only
    groups thousands, as "2,400.5" does; "2,5" is refused there rather than
    read as 25.
    """
    compact = "".join(str(text).split()).replace("\u2212", "-")  # the minus sign too
    if get_format("DECIMAL_SEPARATOR") != "," and "," in compact:
        if not _COMMA_GROUPED.fullmatch(compact):
            raise ValueError(text)
        compact = compact.replace(",", "")
    compact = compact.replace(",", ".")
    if not _PLAIN.fullmatch(compact):
        raise ValueError(text)
    try:
        return Decimal(compact)
    except InvalidOperation as error:  # pragma: no cover (the pattern admits only numbers)
        raise ValueError(text) from error
