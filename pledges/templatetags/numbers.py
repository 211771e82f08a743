"""`{{ value|number }}`: a decimal as the reader writes it ("2 400", "20,5"); see
pledges.numbers. Empty for None, so that `|number|default:"–"` shows a dash."""

from django import template

from ..numbers import format_number

register = template.Library()


@register.filter
def number(value):
    return format_number(value)
