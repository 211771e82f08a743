from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from actors.models import Actor

from .models import Measure, Pledge


class WorkspaceFilterForm(forms.Form):
    """The workspace's filters; every field optional, kept in the URL."""

    q = forms.CharField(label=_("Sök"), required=False, help_text=_("Aktör eller åtgärd"))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alla"))] + Pledge.Status.choices
    )
    kind = forms.ChoiceField(
        label=_("Typ av aktör"), required=False, choices=[("", _("Alla"))] + Actor.Kind.choices
    )
    municipality = forms.ChoiceField(label=_("Kommun"), required=False)
    year = forms.IntegerField(label=_("Pågår år"), required=False, min_value=1990, max_value=2100)

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Alla"))] + list(municipalities)

    def filter(self, pledges):
        if not self.is_valid():
            return pledges
        data = self.cleaned_data
        if data["q"]:
            in_measures = Measure.objects.filter(pledge=OuterRef("pk")).filter(
                Q(heading__icontains=data["q"]) | Q(text__icontains=data["q"])
            )
            pledges = pledges.filter(Q(actor__name__icontains=data["q"]) | Exists(in_measures))
        if data["status"]:
            pledges = pledges.filter(status=data["status"])
        if data["kind"]:
            pledges = pledges.filter(actor__kind=data["kind"])
        if data["municipality"]:
            pledges = pledges.filter(actor__municipality=data["municipality"])
        if data["year"]:
            pledges = pledges.filter(start_year__lte=data["year"], end_year__gte=data["year"])
        return pledges
