"""The follow-up's forms: the report form, and the coordinator's rounds and review.

The report form is one page, one form per part, bound together by the report's
revision. Each measure report has its own prefixed ModelForm (`m<id>`), each question of
the round its own form (`q<id>`); `ReportForms` binds them all from one POST
and says which of them this person may change. Forms only clean data: the
view writes it.
"""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.fields import IdMultipleChoiceField, SingleLineFieldsMixin
from actors.models import Actor
from pledges.fields import YearField, portal_formfield
from pledges.forms import RevisionMixin
from pledges.models import Party, Pledge
from pledges.numbers import format_number
from pledges.units import validate_indicator_number

from .dashboard import NOT_REPORTED, SELECTIONS, STATUSES, Filters
from .models import GoodExample, MeasureReport, Report, Round


class ReportForm(RevisionMixin):
    """The revisions the page was read at (the actor's part's and the board's part's),
    and the actor's general comment."""

    board_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    comment = forms.CharField(
        label=_("Övergripande kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Till exempel vad som gått bra, vad som varit svårt och vad ni planerar."),
    )

    def __init__(self, *args, actor_part=True, board_part=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not actor_part:
            del self.fields["comment"]
        if not board_part:
            del self.fields["board_revision"]


class MeasureReportForm(SingleLineFieldsMixin, forms.ModelForm):
    class Meta:
        model = MeasureReport
        fields = ["status", "comment", "evidence_file", "evidence_url", "indicator_value"]
        formfield_callback = portal_formfield
        widgets = {
            "status": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 3}),
            "evidence_url": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        labels = {
            "status": _("Status"),
            "comment": _("Kommentar"),
            "evidence_file": _("Underlag som fil"),
            "evidence_url": _("Underlag som länk"),
        }
        help_texts = {
            "comment": _("Krävs som motivering om åtgärden är ”Ej aktuell”."),
            "evidence_file": _(
                "PDF, bild, Word, Excel, OpenDocument, CSV eller text, högst 10 MB."
            ),
            "evidence_url": _("En webbsida som visar vad som gjorts, till exempel en rapport."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        measure = self.instance.measure
        status = self.fields["status"]
        # Only the five steps of the scale: a measure is never reported as "nothing".
        status.choices = MeasureReport.Status.choices
        status.required = False
        if self._reported_status() == MeasureReport.Status.NOT_RELEVANT:
            self.fields["comment"].label = _("Motivering")
        if measure.indicator_unit:
            field = self.fields["indicator_value"]
            field.label = _("Indikatorns värde (%(unit)s)") % {"unit": measure.indicator_unit}
            field.help_text = indicator_help(measure)
        else:
            del self.fields["indicator_value"]

    def clean_indicator_value(self):
        value = self.cleaned_data["indicator_value"]
        validate_indicator_number(value, self.instance.measure.indicator_unit)
        return value

    def _reported_status(self):
        if self.is_bound:
            return self.data.get(self.add_prefix("status"))
        return self.instance.status

    @property
    def measure(self):
        return self.instance.measure


def indicator_help(measure) -> str:
    parts = []
    if measure.indicator_baseline is not None:
        parts.append(
            _("Utgångsvärde: %(value)s %(unit)s.")
            % {"value": format_number(measure.indicator_baseline), "unit": measure.indicator_unit}
        )
    if measure.indicator_target is not None:
        parts.append(
            _("Målvärde: %(value)s %(unit)s.")
            % {"value": format_number(measure.indicator_target), "unit": measure.indicator_unit}
        )
    return " ".join(str(p) for p in parts)


ANSWER_CHOICES = [("ja", _("Ja")), ("nej", _("Nej"))]


class AnswerForm(SingleLineFieldsMixin, forms.Form):
    """One question's answer; the page puts both fields in a fieldset whose legend is
    the question."""

    yes = forms.ChoiceField(
        label=_("Svar"), choices=ANSWER_CHOICES, widget=forms.RadioSelect, required=False
    )
    text = forms.CharField(
        label=_("Kommentar till svaret"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, question, **kwargs):
        self.question = question
        super().__init__(*args, **kwargs)

    def answer(self) -> dict:
        yes = {"ja": True, "nej": False}.get(self.cleaned_data["yes"])
        return {"yes": yes, "text": self.cleaned_data["text"].strip()}


def answer_initial(answer: dict) -> dict:
    return {"yes": {True: "ja", False: "nej"}.get(answer["yes"], ""), "text": answer["text"]}


class ReportForms:
    """Every form of the report page, bound or not.

    `actor_part`: this person may change the actor's part (its measures, the
    general comment, the answers); `board_part`: the board's commitments.
    Parts they may not change are shown read-only (form None).
    """

    def __init__(
        self,
        report,
        measure_reports,
        questions,
        *,
        actor_part: bool,
        board_part: bool,
        data=None,
        files=None,
    ):
        self.report = report
        self.actor_part = actor_part
        self.board_part = board_part
        self.main = ReportForm(
            data,
            initial={
                "revision": report.revision,
                "board_revision": report.board_revision,
                "comment": report.comment,
            },
            actor_part=actor_part,
            board_part=board_part,
        )
        self.measures = []
        self.read_files = {}
        for mr in measure_reports:
            self.read_files[mr.pk] = mr.evidence_file.name
            editable = board_part if mr.measure.party == Party.BOARD else actor_part
            form = None
            if editable:
                form = MeasureReportForm(data, files, instance=mr, prefix=f"m{mr.pk}")
            self.measures.append((mr, form))
        self.questions = []
        for question in questions:
            answer = report.answer_to(question)
            form = None
            if actor_part:
                form = AnswerForm(
                    data,
                    question=question,
                    prefix=f"q{question.pk}",
                    initial=answer_initial(answer),
                )
            self.questions.append((question, answer, form))

    @property
    def editable(self) -> bool:
        return self.actor_part or self.board_part

    def forms(self):
        yield self.main
        yield from (form for _mr, form in self.measures if form is not None)
        yield from (form for _q, _a, form in self.questions if form is not None)

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms()]  # every form, for its errors
        return all(results)

    def add_error(self, field, error) -> None:
        """An error of the page as a whole (field None) or of the report's own fields."""
        self.main.add_error(field, error)

    @property
    def error_count(self) -> int:
        return sum(len(form.errors) for form in self.forms())

    @property
    def revision(self) -> int:
        return self.main.cleaned_data["revision"]

    @property
    def board_revision(self) -> int:
        return self.main.cleaned_data["board_revision"]

    def measure_forms(self, party):
        return [(mr, form) for mr, form in self.measures if mr.measure.party == party]

    @property
    def actor_measures(self):
        return self.measure_forms(Party.ACTOR)

    @property
    def board_measures(self):
        return self.measure_forms(Party.BOARD)

    def board_part_changed(self) -> bool:
        return any(form is not None and form.has_changed() for _mr, form in self.board_measures)

    def actor_part_changed(self) -> bool:
        return (
            "comment" in self.main.changed_data
            or any(form is not None and form.has_changed() for _mr, form in self.actor_measures)
            or any(form is not None and form.has_changed() for _q, _a, form in self.questions)
        )

    def differences(self, saved: Report, saved_measures: dict) -> list:
        """What is saved now where it differs from what was typed: (label, value) pairs."""
        theirs = []
        if "comment" in self.main.fields and saved.comment != self.main.cleaned_data["comment"]:
            theirs.append((self.main.fields["comment"].label, saved.comment))
        for mr, form in self.measures:
            now = saved_measures.get(mr.pk)
            if form is None or now is None:
                continue
            for name, field in form.fields.items():
                if name == "evidence_file":
                    # A file cannot be typed again: say so only if someone else changed it.
                    changed = now.evidence_file.name != self.read_files[mr.pk]
                    shown = now.evidence_filename
                else:
                    typed, stored = form.cleaned_data.get(name), getattr(now, name)
                    changed = (typed if typed not in (None, "") else None) != (
                        stored if stored not in (None, "") else None
                    )
                    shown = now.get_status_display() if name == "status" else stored
                    if isinstance(shown, Decimal):
                        shown = format_number(shown)
                if changed:
                    theirs.append((f"{mr.measure}: {field.label}", shown))
        for question, _answer, form in self.questions:
            if form is None:
                continue
            now = saved.answer_to(question)
            if now != form.answer():
                yes = {True: _("Ja"), False: _("Nej")}.get(now["yes"], "–")
                value = f"{yes}. {now['text']}" if now["text"] else yes
                theirs.append((question.text, value))
        return theirs


# The coordinator's pages: rounds, the pledges they ask, review.


# Blank question fields offered on a round's form; blank ones are ignored.
QUESTION_SLOTS = 5
# Blank slots after the questions a round already has, when it is edited.
EXTRA_QUESTION_SLOTS = 2


class KindYearForm(SingleLineFieldsMixin, forms.Form):
    """Step one of a new round: which kind, which year. Read from the query string."""

    typ = forms.ChoiceField(label=_("Typ av uppföljning"), choices=Round.Kind.choices)
    ar = YearField(label=_("År"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typ"].initial = Round.Kind.HALFWAY
        self.fields["ar"].initial = timezone.localdate().year


class RoundForm(SingleLineFieldsMixin, forms.ModelForm):
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


class PledgeChoiceForm(SingleLineFieldsMixin, forms.Form):
    """The pledges a round asks (opening it), or more of them (adding to an open round)."""

    pledges = IdMultipleChoiceField(
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


class BoardPartForm(SingleLineFieldsMixin, forms.Form):
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


class ReviewForm(SingleLineFieldsMixin, forms.Form):
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


class DashboardFilterForm(SingleLineFieldsMixin, forms.Form):
    """The dashboard's filters, kept in the URL (GET) so a view can be shared. Every
    field optional; the choices are the county's own."""

    ar = YearField(label=_("Pågår år"), required=False)
    omgang = forms.TypedChoiceField(
        label=_("Omgång"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Status som den godkändes senast i omgången eller före den."),
    )
    tema = forms.TypedChoiceField(label=_("Tema"), required=False, coerce=int, empty_value=None)
    typ = forms.ChoiceField(label=_("Typ av aktör"), required=False)
    kommun = forms.ChoiceField(label=_("Kommun"), required=False)

    def __init__(self, *args, rounds=(), themes=(), municipalities=(), national=False, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alla"))]
        self.rounds = {r.pk: r for r in rounds}
        self.themes = {t.pk: t for t in themes}
        self.fields["omgang"].choices = everything + [(r.pk, r.title) for r in rounds]
        self.fields["tema"].choices = everything + [(t.pk, t.name) for t in themes]
        self.fields["typ"].choices = everything + list(Actor.Kind.choices)
        self.fields["kommun"].choices = everything + list(municipalities)
        if national:
            for name in ("omgang", "tema", "kommun"):
                del self.fields[name]

    def filters(self):
        """The dashboard's Filters; none when the form is not valid (the page says why)."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            year=data.get("ar"),
            round=self.rounds.get(data.get("omgang")),
            theme=self.themes.get(data.get("tema")),
            kind=data.get("typ") or "",
            municipality=data.get("kommun") or "",
        )


class DashboardRowsForm(SingleLineFieldsMixin, forms.Form):
    """What a figure's link asks of the rows page, beside the dashboard's filters."""

    status = forms.CharField(required=False, max_length=20)
    parti = forms.ChoiceField(required=False, choices=[("", "")] + list(Party.choices))
    atgard = forms.IntegerField(required=False, min_value=1)
    mal = forms.IntegerField(required=False, min_value=1)
    globalt = forms.IntegerField(required=False, min_value=1)
    enhet = forms.CharField(required=False, max_length=50)
    fore = forms.CharField(required=False, max_length=20)
    urval = forms.CharField(required=False, max_length=20)

    def clean(self):
        data = super().clean()
        if data.get("status") and data["status"] not in (*STATUSES, NOT_REPORTED):
            self.add_error("status", _("Okänd status."))
        if data.get("fore") and data["fore"] not in STATUSES:
            self.add_error("fore", _("Okänd status."))
        if data.get("urval") and data["urval"] not in SELECTIONS:
            self.add_error("urval", _("Okänt urval."))
        return data


class GoodExampleForm(SingleLineFieldsMixin, forms.ModelForm):
    """The short text of a good example and, with the actor's consent, its picture."""

    class Meta:
        model = GoodExample
        fields = ["text", "picture_consent", "picture", "picture_description"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 600})}

    def clean(self):
        cleaned = super().clean()
        picture = cleaned.get("picture")
        if picture and not cleaned.get("picture_consent"):
            self.add_error(
                "picture_consent",
                _("Kryssa i att aktören har godkänt att bilden visas, eller ta bort bilden."),
            )
        if picture and not cleaned.get("picture_description", "").strip():
            self.add_error("picture_description", _("Beskriv bilden för den som inte kan se den."))
        return cleaned
