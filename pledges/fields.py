"""How the portal's forms take numbers and dates: one set of fields and widgets, for
every form (the pledge editor, programmes, follow-up rounds and reports, signing).

Numbers are typed into text inputs with an `inputmode` (the phone shows its
number keyboard), never into `<input type="number">`. A number input holds
only what the browser itself can parse: it shows a value with a decimal comma
("2100,50", as Django's Swedish formats write it) as empty, and a typed value
it cannot read ("2 100,5", "12,5" under another locale) is posted as an empty
string, so the next save deletes the number without a word. It also changes
the value under a scrolling mouse wheel, and says "invalid" in the browser's
language instead of ours. A text input keeps whatever is shown or typed; the
field reads it the way people write numbers (pledges.numbers), and anything it
cannot read comes back next to the field, as typed, with a Swedish message.

Dates stay `<input type="date">`: the browser's date picker is good, and its
value is always an ISO date (YYYY-MM-DD), which is what the widget renders.
"""

import datetime
from decimal import Decimal

from django import forms
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import FIRST_YEAR, LAST_YEAR
from .numbers import format_number, parse_number


class DecimalInput(forms.TextInput):
    """A decimal shown as the reader writes it ("2 100,5"), in a text input that
    brings up the number keyboard with its decimal mark."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_number(value)
        # What was typed is shown again exactly as typed.
        return super().format_value(value)


class NumericInput(forms.TextInput):
    """A whole number (a year, an order), in a text input with the digit keyboard."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})


class DateInput(forms.DateInput):
    """The browser's date picker, whose value must be an ISO date."""

    input_type = "date"

    def __init__(self, attrs=None):
        attrs = {"min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31", **(attrs or {})}
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.isoformat()  # four-digit years, which strftime does not promise
        return super().format_value(value)


class DecimalField(forms.DecimalField):
    """A decimal typed as "2100,5", "2100.5" or "2 100,50"."""

    widget = DecimalInput
    default_error_messages = {
        "invalid": _("Skriv ett tal, till exempel 2 100,5."),
        "max_digits": _("Talet är för stort: högst %(max)s siffror."),
        "max_decimal_places": _("Skriv högst %(max)s decimaler."),
        "max_whole_digits": _("Talet är för stort: högst %(max)s siffror före decimaltecknet."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_number(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        # Not Django's step/min/max: those are for <input type="number">.
        return forms.Field.widget_attrs(self, widget)


class IntegerField(forms.IntegerField):
    """A whole number in a text input (see the module's docstring for why)."""

    widget = NumericInput
    default_error_messages = {"invalid": _("Skriv ett heltal, till exempel 3.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split())  # "2 026", as a number is sometimes written
        return super().to_python(value)

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)


def _year_message_now(first, last) -> str:
    return gettext("Skriv ett årtal mellan %(first)s och %(last)s.") % {
        "first": first,
        "last": last,
    }


_year_message = lazy(_year_message_now, str)


class YearField(IntegerField):
    """A year between FIRST_YEAR and LAST_YEAR, with one message for every way to miss."""

    def __init__(self, *, min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs):
        # Lazy: a form's fields are made when its module is imported, in no language.
        message = _year_message(min_value, max_value)
        kwargs.setdefault("error_messages", {})
        for code in ("invalid", "min_value", "max_value"):
            kwargs["error_messages"].setdefault(code, message)
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


def portal_formfield(db_field, **kwargs):
    """The `formfield_callback` of the portal's model forms: their decimals, whole
    numbers and dates get the fields and widgets above."""
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", DecimalField)
    elif isinstance(db_field, models.IntegerField) and not db_field.choices:
        kwargs.setdefault("form_class", IntegerField)
    elif isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("widget", DateInput)
    return db_field.formfield(**kwargs)
