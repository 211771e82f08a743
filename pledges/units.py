"""Which indicator units cannot hold a negative value.

An indicator's unit is typed freely ("ton CO₂e", "st", "MWh/år"). A count, a
mass, an energy, a length, an area, a volume or a share is never below zero: a
negative value there is a typo, and it would subtract from the county's sums.
A unit that names a change ("minskning, ton CO₂e", "förändring i %"), a
temperature, money or anything not recognised keeps its sign.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

NON_NEGATIVE = {
    # counts
    "st", "st.", "stycken", "styck", "antal", "personer", "deltagare",
    # mass
    "g", "kg", "t", "ton", "kton",
    # energy and power
    "wh", "kwh", "mwh", "gwh", "twh", "kj", "mj", "gj", "tj", "w", "kw", "mw", "gw",
    # length, area, volume
    "m", "km", "mil", "m²", "m2", "kvm", "km²", "km2", "ha", "hektar",
    "l", "liter", "m³", "m3",
    # shares and time
    "%", "procent", "andel", "timmar", "h", "dagar",
}  # fmt: skip
SIGNED_WORDS = (
    "förändr", "minsk", "ökn", "skillnad", "netto", "differens", "avvik", "saldo",
    "balans", "±", "+/-", "°", "grad",
)  # fmt: skip


def unit_allows_negative(unit: str) -> bool:
    text = (unit or "").strip().lower()
    if not text or any(word in text for word in SIGNED_WORDS):
        return True
    first = re.split(r"[\s/,()]+", text)[0]
    return first not in NON_NEGATIVE


def validate_indicator_number(value, unit: str) -> None:
    """Refuses a negative `value` where `unit` cannot be negative."""
    if value is not None and value < 0 and not unit_allows_negative(unit):
        raise ValidationError(
            gettext("Värdet kan inte vara negativt i enheten %(unit)s.") % {"unit": unit.strip()},
            code="negative_indicator",
        )
