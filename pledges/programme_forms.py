from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from actors.models import County

from .fields import YearField, portal_formfield
from .importing import EXTENSIONS
from .models import Programme, ProgrammeMeasure, Theme


class ProgrammeForm(forms.ModelForm):
    """A programme of one of the user's counties. The county is fixed once chosen."""

    start_year = YearField(label=capfirst(Programme._meta.get_field("start_year").verbose_name))
    end_year = YearField(label=capfirst(Programme._meta.get_field("end_year").verbose_name))

    class Meta:
        model = Programme
        fields = ["county", "name", "start_year", "end_year", "url"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        counties = County.objects.coordinated_by(user).order_by("name")
        county = self.fields["county"]
        county.queryset = counties
        county.empty_label = None if self.instance.pk else _("Välj län")
        # Moving a programme to another county would leave pledges linked to
        # another county's measures; and one county is no choice at all.
        if self.instance.pk:
            county.disabled = True
        elif len(counties) == 1:
            county.disabled = True
            county.initial = counties[0]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", gettext("Slutåret kan inte vara före startåret."))
        county, name = data.get("county"), data.get("name")
        if (
            county
            and name
            and Programme.objects.filter(county=county, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("name", gettext("Länet har redan ett åtgärdsprogram med det namnet."))
        return data


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "order"]
        help_texts = {"order": _("Teman visas i stigande ordning.")}
        formfield_callback = portal_formfield

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if (
            Theme.objects.filter(programme=self.instance.programme, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(gettext("Programmet har redan ett tema med det namnet."))
        return name


class ProgrammeMeasureForm(forms.ModelForm):
    class Meta:
        model = ProgrammeMeasure
        fields = ["theme", "number", "title", "description", "objectives", "global_goals"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.CheckboxSelectMultiple,
            "global_goals": forms.CheckboxSelectMultiple,
        }
        help_texts = {"number": _("Som i programmet, till exempel 36 eller 3a.")}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = programme.themes.all()
        self.fields["theme"].empty_label = None

    def clean(self):
        data = super().clean()
        theme, number = data.get("theme"), data.get("number")
        if number:
            number = data["number"] = " ".join(number.split())
        if (
            theme
            and number
            and ProgrammeMeasure.objects.filter(theme=theme, number__iexact=number)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error(
                "number",
                gettext("Temat ”%(theme)s” har redan en åtgärd med nummer %(number)s.")
                % {"theme": theme.name, "number": number},
            )
        return data


class ProgrammeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "Första raden ska vara rubrikerna tema, nummer, rubrik, beskrivning, miljömål och "
            "globala mål. Högst 2 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
