"""Form fields and checks for every form of the portal: ids that choose rows, and
one-line text fields that hold one line.

An id posted by hand can be any number: one beyond what the database's integer
holds (`pledges=99999999999999999999`) is not "no such row" to SQLite but an
OverflowError, a 500. Such an id is refused as a choice that is not offered.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils.translation import gettext_lazy as _


def out_of_range_ids(model, values) -> list:
    """The values that cannot be an id of `model`'s table (whole numbers the column
    cannot hold); [] for a primary key that is not an integer."""
    pk = model._meta.pk
    internal_type = (
        pk.target_field.get_internal_type() if pk.is_relation else pk.get_internal_type()
    )
    connection = connections[router.db_for_read(model)]
    try:
        low, high = connection.ops.integer_field_range(internal_type)
    except KeyError:
        return []
    refused = []
    for value in values:
        try:
            number = int(str(value).strip())
        except ValueError:
            continue  # not a number: the field's own check says so
        if (low is not None and number < low) or (high is not None and number > high):
            refused.append(value)
    return refused


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses ids the database cannot hold with its
    `invalid_pk_value` message, before asking the database."""

    def _check_values(self, value):
        if not self.to_field_name:
            for pk in out_of_range_ids(self.queryset.model, value):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


# What a one-line field refuses: control characters (the line breaks \r and \n, the
# tab, escape, NEL …) and the Unicode line and paragraph separators.
SINGLE_LINE_MESSAGE = _("Skriv allt på en rad, utan radbrytningar, tabbar eller andra styrtecken.")


def validate_single_line(value) -> None:
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in str(value)):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="single_line")


class SingleLineFieldsMixin:
    """Every form of the portal: its one-line text fields (every CharField shown as a
    one-line input, not a text area nor a password) hold one line. A line break in a
    name would forge paragraphs where the name is written out: an invitation e-mail,
    a PDF, a CSV export."""

    def full_clean(self):
        # At cleaning, not at creation: forms add fields in their own __init__.
        for field in self.fields.values():
            if (
                isinstance(field, forms.CharField)
                and not isinstance(field.widget, forms.Textarea | forms.PasswordInput)
                and validate_single_line not in field.validators
            ):
                field.validators.append(validate_single_line)
        super().full_clean()
