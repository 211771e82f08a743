import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ORG_NUMBER = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check that Swedish organisation numbers carry."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def normalise_organisation_number(value: str) -> str:
    """Return the number as NNNNNN-NNNN, or raise ValidationError in Swedish."""
    value = (value or "").strip().replace(" ", "")
    match = _ORG_NUMBER.match(value)
    if not match:
        raise ValidationError(
            _("Ett organisationsnummer har tio siffror, till exempel 556036-0793."),
            code="format",
        )
    digits = match.group(1) + match.group(2)
    if not luhn_valid(digits):
        raise ValidationError(
            _("Organisationsnumret stämmer inte: kontrollsiffran är fel. Kontrollera numret."),
            code="checksum",
        )
    return f"{match.group(1)}-{match.group(2)}"


def validate_organisation_number(value: str) -> None:
    normalise_organisation_number(value)
