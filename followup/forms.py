"""The report form: one page, one form per part, bound together by the report's revision.

Each measure report has its own prefixed ModelForm (`m<id>`), each question of
the round its own form (`q<id>`); `ReportForms` binds them all from one POST
and says which of them this person may change. Forms only clean data: the
view writes it.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from pledges.fields import portal_formfield
from pledges.forms import RevisionMixin
from pledges.models import Party
from pledges.numbers import format_number

from .models import MeasureReport, Report


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


class MeasureReportForm(forms.ModelForm):
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


class AnswerForm(forms.Form):
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
        revision=None,
    ):
        """`revision`: (revision, board_revision) to show typed `data` again at, after
        a conflict."""
        self.report = report
        self.actor_part = actor_part
        self.board_part = board_part
        if data is not None and revision is not None:
            # Shown again after a conflict: what was typed, at the revisions now seen.
            data = data.copy()
            data["revision"], data["board_revision"] = revision
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

    def differences(self, saved: Report, saved_measures: dict, questions) -> list:
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
