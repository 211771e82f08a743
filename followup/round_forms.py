"""Forms of the coordinator's follow-up pages: rounds, the pledges they ask, review.

Forms only clean data; the views call the models' and services' workflows.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pledges.fields import YearField, portal_formfield
from pledges.models import Pledge

from .models import MeasureReport, Round

# Blank question fields offered on a round's form; blank ones are ignored.
QUESTION_SLOTS = 5
# Blank slots after the questions a round already has, when it is edited.
EXTRA_QUESTION_SLOTS = 2


class KindYearForm(forms.Form):
    """Step one of a new round: which kind, which year. Read from the query string."""

    typ = forms.ChoiceField(label=_("Typ av uppföljning"), choices=Round.Kind.choices)
    ar = YearField(label=_("År"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typ"].initial = Round.Kind.HALFWAY
        self.fields["ar"].initial = timezone.localdate().year


class RoundForm(forms.ModelForm):
    """A round's title, dates and county (step two of a new round, or its edit form).

    The order of the dates is checked by Round.clean, which puts its Swedish
    message next to the field that is wrong."""

    class Meta:
        model = Round
        fields = ["kind", "county", "title", "opens", "due", "closes"]
        widgets = {"kind": forms.HiddenInput}
        formfield_callback = portal_formfield  # the dates: the browser's date picker

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.fields["county"].empty_label = None
        if self.instance.pk or len(counties) == 1:
            # Nothing to choose: the round stays in its county, or the coordinator has one.
            del self.fields["county"]
            if not self.instance.pk:
                self.instance.county = counties[0]
        if self.instance.pk:
            del self.fields["kind"]
        existing = [q.text for q in self.instance.questions.all()] if self.instance.pk else []
        slots = max(QUESTION_SLOTS, len(existing) + EXTRA_QUESTION_SLOTS)
        for number in range(1, slots + 1):
            self.fields[f"question_{number}"] = forms.CharField(
                label=_("Fråga %(number)s") % {"number": number},
                required=False,
                max_length=1000,
                initial=existing[number - 1] if number <= len(existing) else "",
                widget=forms.TextInput,
            )
        self.question_names = [name for name in self.fields if name.startswith("question_")]

    def questions(self) -> list[str]:
        """The questions typed, in order, blank ones left out."""
        texts = (self.cleaned_data.get(name, "").strip() for name in self.question_names)
        return [text for text in texts if text]

    def kind_label(self) -> str:
        value = self["kind"].value() if "kind" in self.fields else self.instance.kind
        return Round.Kind(value).label if value in Round.Kind.values else ""

    def date_fields(self):
        return [self[name] for name in ("opens", "due", "closes")]

    def question_fields(self):
        return [self[name] for name in self.question_names]


class PledgeChoiceForm(forms.Form):
    """The pledges a round asks (opening it), or more of them (adding to an open round)."""

    pledges = forms.ModelMultipleChoiceField(
        label=_("Löften"),
        queryset=Pledge.objects.none(),
        error_messages={
            "required": _("Välj minst ett löfte att följa upp."),
            "invalid_choice": _("Ett av de valda löftena kan inte följas upp i omgången."),
            "invalid_pk_value": _("Ett av de valda löftena kan inte följas upp i omgången."),
        },
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledges"].queryset = (
            Pledge.objects.filter(county_id=round.county_id, status__in=Pledge.PUBLISHED_STATUSES)
            .exclude(pk__in=round.reports.values("pledge_id"))
            .select_related("actor")
        )


class BoardPartForm(forms.Form):
    """The county board's report on its own commitments: a status and a comment for each,
    saved with the report's revision (two people saving at once are told)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, measure_reports, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure_reports = list(measure_reports)
        for mr in self.measure_reports:
            self.fields[f"status_{mr.pk}"] = forms.ChoiceField(
                label=_("Status"),
                choices=[("", _("Inte angiven"))] + MeasureReport.Status.choices,
                required=False,
                initial=mr.status,
            )
            self.fields[f"comment_{mr.pk}"] = forms.CharField(
                label=_("Kommentar"),
                required=False,
                initial=mr.comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = super().clean()
        for mr in self.measure_reports:
            if (
                data.get(f"status_{mr.pk}") == MeasureReport.Status.NOT_RELEVANT
                and not (data.get(f"comment_{mr.pk}") or "").strip()
            ):
                self.add_error(
                    f"comment_{mr.pk}", _("Förklara varför åtgärden inte längre är aktuell.")
                )
        return data

    def rows(self):
        """Each commitment with its two fields, for the template."""
        return [
            (mr, self[f"status_{mr.pk}"], self[f"comment_{mr.pk}"]) for mr in self.measure_reports
        ]

    def values(self, mr) -> tuple[str, str]:
        return self.cleaned_data[f"status_{mr.pk}"], self.cleaned_data[f"comment_{mr.pk}"].strip()


class ReviewForm(forms.Form):
    """The coordinator's decision: accept (confirming measures) or send back with comments.

    The per-measure fields stand beside their measures on the page, tied to this
    form by the inputs' `form` attribute."""

    ACCEPT = "accept"
    RETURN = "return"

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # The decision is on both parts as read: the board's has its own revision.
    board_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    action = forms.ChoiceField(
        choices=[(ACCEPT, _("Godkänn")), (RETURN, _("Skicka tillbaka"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Länsstyrelsens kommentar till aktören"),
        required=False,
        help_text=_("Krävs när rapporten skickas tillbaka."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, measure_reports, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure_reports = list(measure_reports)
        self.fields["confirmed"] = forms.TypedMultipleChoiceField(
            label=_("Bekräftat av länsstyrelsen"),
            choices=[(mr.pk, str(mr.measure)) for mr in self.measure_reports],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        for mr in self.measure_reports:
            self.fields[f"measure_comment_{mr.pk}"] = forms.CharField(
                label=_("Kommentar om åtgärden (om rapporten skickas tillbaka)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = super().clean()
        if data.get("action") == self.RETURN and not (data.get("note") or "").strip():
            self.add_error("note", _("Skriv en kommentar om vad som behöver kompletteras."))
        if data.get("action") == self.ACCEPT and self.measure_comments():
            # Accepting would drop them: the coordinator decides, not the button.
            raise forms.ValidationError(
                _(
                    "Du har skrivit kommentarer till åtgärder. Skicka tillbaka rapporten, "
                    "eller töm kommentarerna för att godkänna den."
                )
            )
        return data

    def measure_comments(self) -> dict[int, str]:
        comments = {}
        for mr in self.measure_reports:
            text = (self.cleaned_data.get(f"measure_comment_{mr.pk}") or "").strip()
            if text:
                comments[mr.pk] = text
        return comments

    def typed(self, mr) -> dict:
        """What the form holds for `mr` (typed, or empty): shown beside the measure."""
        if not self.is_bound:
            return {"confirmed": False, "comment": ""}
        return {
            "confirmed": str(mr.pk) in self.data.getlist("confirmed"),
            "comment": self.data.get(f"measure_comment_{mr.pk}", ""),
        }
