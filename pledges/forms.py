import re

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from actors.fields import IdMultipleChoiceField, SingleLineFieldsMixin
from actors.models import County

from .fields import DateInput, YearField, portal_formfield
from .files import extension, validate_file_content
from .importing import EXTENSIONS
from .models import (
    PLEDGE_ACTIONS,
    Measure,
    Party,
    Pledge,
    Programme,
    ProgrammeMeasure,
    Signatory,
    SignedVersion,
    Theme,
)
from .units import validate_indicator_number


class PledgeListFilterForm(SingleLineFieldsMixin, forms.Form):
    """The public list's filters (pledges/filters.py makes the fields); kept in the URL."""


class WorkspaceFilterForm(SingleLineFieldsMixin, forms.Form):
    """The workspace's filters (pledges/filters.py makes the fields); kept in the URL.
    Some are hidden: the dashboard's links set them, and the page says so."""

    HIDDEN = ("county", "start", "end", "signed", "theme", "published")

    def narrowed_by_link(self):
        """The hidden filters a dashboard link set, as (label, value) to show the reader."""
        if not self.is_valid():
            return []
        return [
            (self.fields[name].label, self.cleaned_data[name])
            for name in self.HIDDEN
            if self.cleaned_data.get(name)
        ]


class VerificationCodeForm(SingleLineFieldsMixin, forms.Form):
    """The code printed on a signed PDF, typed back: any case, spaces and hyphens allowed."""

    code = forms.CharField(
        label=_("Verifieringskod"),
        max_length=40,
        help_text=_(
            "Koden står på PDF:ens sista sida, bredvid QR-koden: tio bokstäver och siffror."
        ),
        error_messages={"required": _("Skriv verifieringskoden som den står på PDF:en.")},
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        return SignedVersion.normalise_code(self.cleaned_data["code"])


class RevisionMixin(SingleLineFieldsMixin, forms.Form):
    """Every form that changes a pledge's content carries the revision of the part it
    changes (the pledge's fields, a measure, the signatories), as it was read."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MeasureMoveForm(RevisionMixin):
    """A move carries the measure's revision and the order of the list, as the page
    showed them."""

    order_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


def _year_label(name):
    return capfirst(Pledge._meta.get_field(name).verbose_name)


class PeriodMixin(SingleLineFieldsMixin, forms.Form):
    """The pledge's years, each between 2000 and 2100 (Pledge.clean says how long the
    period may be, next to the end year).

    Says "end year before start year" next to the end year. (The model says it too,
    but the form must drop the year first, or the database constraint would add a
    second, generic message at the top.)"""

    start_year = YearField(label=_year_label("start_year"))
    end_year = YearField(label=_year_label("end_year"))

    def clean(self):
        data = super().clean()
        if (
            data.get("start_year")
            and data.get("end_year")
            and data["end_year"] < data["start_year"]
        ):
            self.add_error("end_year", _("Slutåret kan inte vara före startåret."))
        if self.has_error("start_year") or self.has_error("end_year"):
            # Pledge.clean checks the period once both years can be read: until then it
            # would set the year typed against the one saved, and say so beside the error.
            self.instance.start_year = self.instance.end_year = None
        return data


class NewPledgeForm(PeriodMixin, forms.ModelForm):
    class Meta:
        model = Pledge
        fields = ["actor", "start_year", "end_year"]

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors
        this_year = timezone.localdate().year
        self.initial.setdefault("start_year", this_year)
        self.initial.setdefault("end_year", this_year + 3)


class PledgeForm(PeriodMixin, RevisionMixin, forms.ModelForm):
    class Meta:
        model = Pledge
        fields = ["start_year", "end_year", "introduction", "signing_place"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 6})}


class MeasureForm(RevisionMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["heading", "text", "indicator_unit", "indicator_baseline", "indicator_target"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        formfield_callback = portal_formfield

    def __init__(self, *args, party=Party.ACTOR, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["revision"]  # adding a measure conflicts with nobody
        if party == Party.ACTOR:
            self.fields["heading"].required = True
            self.fields["heading"].error_messages["required"] = _("Ge åtgärden en rubrik.")
        self.fields["text"].error_messages["required"] = _("Skriv vad som ska göras.")

    def clean(self):
        data = super().clean()
        has_value = data.get("indicator_baseline") is not None or (
            data.get("indicator_target") is not None
        )
        if has_value and not data.get("indicator_unit"):
            self.add_error(
                "indicator_unit", _("Ange en enhet för indikatorn, till exempel ton CO₂e.")
            )
        for name in ("indicator_baseline", "indicator_target"):
            try:
                validate_indicator_number(data.get(name), data.get("indicator_unit") or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
        return data


def programme_measure_label(pm) -> str:
    """How a programme measure is written in the link field: "36, Klimat och energi"."""
    label = f"{pm.number}, {pm.theme.name}"
    return f"{label} – {pm.title}" if pm.title else label


_REFERENCE = re.compile(
    r"^\s*(?:åtgärd\s+)?(?P<number>[0-9A-Za-z.]+)\s*(?:,\s*(?:tema\s+)?(?P<theme>[^–]+?))?"
    r"\s*(?:–.*)?$",
    re.IGNORECASE,
)


class LinkForm(SingleLineFieldsMixin, forms.Form):
    """One link to the action programme, written as "36, Klimat och energi" (or chosen
    from the suggestions: the browser's own list, no script needed)."""

    reference = forms.CharField(
        label=_("Åtgärd i åtgärdsprogrammet"),
        required=False,
        max_length=300,
        help_text=_("Nummer och tema, till exempel ”36, Klimat och energi”."),
        widget=forms.TextInput(attrs={"list": "programme-measures", "autocomplete": "off"}),
    )
    is_primary = forms.BooleanField(label=_("Främst"), required=False)

    def __init__(self, *args, pledge, **kwargs):
        self.pledge = pledge
        super().__init__(*args, **kwargs)

    def clean_reference(self):
        text = self.cleaned_data["reference"].strip()
        if not text:
            return None
        by_title = list(
            ProgrammeMeasure.objects.select_related("theme__programme").filter(
                theme__programme__county_id=self.pledge.county_id, title__iexact=text
            )
        )
        if len(by_title) == 1:
            return by_title[0]
        match = _REFERENCE.match(text)
        if not match:
            raise forms.ValidationError(
                _("Skriv åtgärdens nummer och tema, till exempel ”36, Klimat och energi”.")
            )
        candidates = ProgrammeMeasure.objects.select_related("theme__programme").filter(
            number__iexact=match["number"]
        )
        if match["theme"]:
            candidates = candidates.filter(theme__name__iexact=match["theme"].strip())
        own = [pm for pm in candidates if pm.theme.programme.county_id == self.pledge.county_id]
        if not own:
            if candidates:
                raise forms.ValidationError(_("Åtgärden hör till ett annat läns åtgärdsprogram."))
            raise forms.ValidationError(
                _("Det finns ingen åtgärd ”%(text)s” i länets åtgärdsprogram.") % {"text": text}
            )
        # The programme in force when the pledge starts, else the newest.
        own.sort(
            key=lambda pm: (
                pm.theme.programme.start_year
                <= self.pledge.start_year
                <= pm.theme.programme.end_year,
                pm.theme.programme.start_year,
            ),
            reverse=True,
        )
        best = [pm for pm in own if pm.theme.programme_id == own[0].theme.programme_id]
        if len(best) > 1:
            raise forms.ValidationError(
                _(
                    "Flera åtgärder har nummer %(number)s. Skriv temat också, till exempel "
                    "”%(example)s”."
                )  # fmt: skip
                % {"number": match["number"], "example": f"{best[0].number}, {best[0].theme.name}"}
            )
        return best[0]


class BaseLinkFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            pm = form.cleaned_data.get("reference")
            if pm is None:
                continue
            if pm.pk in seen:
                form.add_error("reference", _("Åtgärden är redan kopplad."))
            seen.add(pm.pk)


LinkFormSet = forms.formset_factory(LinkForm, formset=BaseLinkFormSet, extra=0)


class SignatoryForm(SingleLineFieldsMixin, forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["party", "name", "title", "organisation", "email"]
        help_texts = {
            "email": _(
                "Att skriva en adress här ger ingen rätt att underteckna. Bara en adress som "
                "länsstyrelsen har bekräftat kan det: för aktören en firmatecknare som "
                "miljömålssamordnaren har bjudit in, för länsstyrelsen landshövdingens adress."
            )
        }

    def __init__(self, *args, parties=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parties is not None:
            self.fields["party"].choices = [c for c in Party.choices if c[0] in parties]


SignatoryFormSet = forms.modelformset_factory(
    Signatory, form=SignatoryForm, extra=1, can_delete=True
)


class TransitionForm(RevisionMixin):
    action = forms.ChoiceField(
        choices=[(name, action.label) for name, action in PLEDGE_ACTIONS.items()],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# Signing on paper and checking a signed PDF.

KEPT_SCAN_SALT = "pledges.kept-scan"
KEPT_SCAN_MAX_AGE = 24 * 60 * 60
SCAN_EXTENSIONS = ("pdf", "png", "jpg", "jpeg")
SCAN_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = 20 * 1024 * 1024


class WetInkForm(SingleLineFieldsMixin, forms.Form):
    signed_on = forms.DateField(
        label=gettext_lazy("Undertecknat den"),
        widget=DateInput,
    )
    scan = forms.FileField(
        label=gettext_lazy("Inskannad sida med underskriften"),
        help_text=gettext_lazy("PDF, PNG eller JPEG, högst 10 MB."),
        error_messages={"required": gettext_lazy("Bifoga den inskannade sidan med underskriften.")},
    )
    kept_scan = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, pledge, signatory, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge, self.signatory, self.user = pledge, signatory, user
        # A scan kept from the form sent before need not be chosen again.
        self.fields["scan"].required = not self.data.get("kept_scan")
        if pledge.approved_at is not None:
            approved = timezone.localdate(pledge.approved_at)
            field = self.fields["signed_on"]
            field.widget.attrs.update(
                min=approved.isoformat(), max=timezone.localdate().isoformat()
            )
            field.help_text = gettext(
                "Mellan %(day)s, då texten godkändes för undertecknande, och i dag."
            ) % {"day": date_format(approved, "j F Y")}

    def clean_signed_on(self):
        day = self.cleaned_data["signed_on"]
        self.pledge.check_signed_on(day)
        return day

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        if not scan:
            return None
        if extension(scan.name) not in SCAN_EXTENSIONS:
            raise forms.ValidationError(gettext("Skicka en PDF, PNG eller JPEG."))
        if scan.size > SCAN_MAX_BYTES:
            raise forms.ValidationError(gettext("Filen är större än 10 MB."))
        try:
            validate_file_content(scan)
        except ValidationError as wrong:
            raise forms.ValidationError(
                gettext("Filen är inte en riktig %(type)s.")
                % {"type": extension(scan.name).upper()}
            ) from wrong
        return scan

    def clean_kept_scan(self):
        """A scan stored when the form was sent before (with a date to correct)."""
        token = self.cleaned_data["kept_scan"]
        if not token:
            return None
        try:
            kept = signing.loads(token, salt=KEPT_SCAN_SALT, max_age=KEPT_SCAN_MAX_AGE)
        except signing.BadSignature:
            return None
        if kept.get("signatory") != self.signatory.pk or kept.get("user") != self.user.pk:
            return None
        return kept

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("scan") and not cleaned.get("kept_scan") and "scan" not in self.errors:
            self.add_error("scan", gettext("Bifoga den inskannade sidan med underskriften."))
        return cleaned


class VerifyForm(SingleLineFieldsMixin, forms.Form):
    pdf = forms.FileField(
        label=gettext_lazy("PDF att kontrollera"),
        help_text=gettext_lazy(
            "Filen skickas till portalen bara för att räkna ut dess kontrollsumma."
        ),
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(gettext("Filen är större än 20 MB."))
        return upload


# The county's action programme.


class ProgrammeForm(SingleLineFieldsMixin, forms.ModelForm):
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


class ThemeForm(SingleLineFieldsMixin, forms.ModelForm):
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


class ProgrammeMeasureForm(SingleLineFieldsMixin, forms.ModelForm):
    class Meta:
        model = ProgrammeMeasure
        fields = ["theme", "number", "title", "description", "objectives", "global_goals"]
        field_classes = {"objectives": IdMultipleChoiceField, "global_goals": IdMultipleChoiceField}
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


class ProgrammeImportForm(SingleLineFieldsMixin, forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "Första raden ska vara rubrikerna tema, nummer, rubrik, beskrivning, miljömål och "
            "globala mål. Högst 2 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
