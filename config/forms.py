"""Forms of the site's own pages (the accessibility statement)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.fields import SingleLineFieldsMixin
from actors.models import County


class AccessibilityReportForm(SingleLineFieldsMixin, forms.Form):
    """A problem with the site's accessibility: only the message is required, so that
    anyone can tell us without giving their name or address."""

    name = forms.CharField(
        label=_("Ditt namn (frivilligt)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Din e-postadress (frivilligt)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Fyll i den om du vill ha svar."),
    )
    county = forms.ModelChoiceField(
        label=_("Vilket län gäller det? (frivilligt)"),
        queryset=County.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Vet inte eller hela webbplatsen"),
    )
    page = forms.CharField(
        label=_("Vilken sida gäller det? (frivilligt)"),
        max_length=500,
        required=False,
        help_text=_("Sidans adress eller namn."),
    )
    message = forms.CharField(
        label=_("Vad fungerar inte?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Beskriv problemet.")},
        help_text=_("Beskriv vad du försökte göra och vad som hindrade dig."),
    )
