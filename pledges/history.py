"""The pledge's history as people read it: who changed what, when, as word diffs."""

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Measure, MeasureLink, Party, Pledge, PledgeEvent, ProgrammeMeasure, Signatory
from .numbers import format_number
from .text import short_text

# What a reader cares about, per model: the content and its order, not the bookkeeping.
FIELDS = {
    Pledge: ["start_year", "end_year", "introduction", "signing_place", "signing_date"],
    Measure: [
        "party",
        "heading",
        "text",
        "order",
        "link_text",
        "indicator_unit",
        "indicator_baseline",
        "indicator_target",
    ],
    MeasureLink: ["programme_measure", "is_primary", "order"],
    Signatory: ["party", "name", "title", "organisation", "email"],
}
MAX_ENTRIES = 300
_BREAKS = re.compile(r"[^\S\u00a0]+")


@dataclass
class Change:
    label: str
    diff: SafeString


@dataclass
class Entry:
    at: datetime
    who: str
    what: str
    kind: str
    changes: list[Change] = field(default_factory=list)
    scan_url: str = ""


def _words(value) -> list[str]:
    # A no-break space joins, as in "2 400": the number is one word of the diff.
    return [word for word in _BREAKS.split(str(value if value not in (None, "") else "")) if word]


def word_diff(old, new) -> SafeString:
    """Old and new text, words removed in <del> and added in <ins>."""
    old_words, new_words = _words(old), _words(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(" ".join(parts) or "–")  # noqa: S308  (every part escaped above)


def _display(name, value, labels):
    if value in (None, ""):
        return ""
    if name == "programme_measure":
        return labels.get(value, value)
    if name == "party":
        return Party(value).label
    if name == "is_primary":
        return _("ja") if value else _("nej")
    if isinstance(value, Decimal):
        return format_number(value)
    return value


def _object_label(model, record) -> str:
    if model is Pledge:
        return _("Löftet")
    if model is Measure:
        return _("Åtgärd ”%(name)s”") % {"name": record.heading or short_text(record.text, 50)}
    if model is MeasureLink:
        return _("Koppling till åtgärdsprogrammet")
    return _("Undertecknare %(name)s") % {"name": record.name}


def _signature_changes(event) -> list[Change]:
    """How a signature was given and the person identified; a paper signature's date."""
    changes = []
    if event.method:
        changes.append(Change(_("Hur"), escape(event.identification())))
    if event.signed_on:
        changes.append(Change(_("Undertecknat den"), escape(date_format(event.signed_on, "j F Y"))))
    return changes


def pledge_history(pledge: Pledge, *, scans: bool = False) -> list[Entry]:
    """The pledge's history; with `scans`, the signatures link to their scanned pages
    (also those a return to draft cleared: they are history, never current)."""
    measure_ids = set(
        Measure.history.filter(pledge_id=pledge.pk).values_list("id", flat=True).distinct()
    )
    querysets = {
        Pledge: pledge.history.all(),
        Measure: Measure.history.filter(pledge_id=pledge.pk),
        MeasureLink: MeasureLink.history.filter(measure_id__in=measure_ids),
        Signatory: Signatory.history.filter(pledge_id=pledge.pk),
    }
    records = {
        model: list(qs.select_related("history_user").order_by("id", "history_date", "history_id"))
        for model, qs in querysets.items()
    }
    labels = {
        pm.pk: f"{pm.number}, {pm.theme.name}"
        for pm in ProgrammeMeasure.objects.filter(
            pk__in={r.programme_measure_id for r in records[MeasureLink]}
        ).select_related("theme")
    }
    entries = []
    for model, rows in records.items():
        previous = {}
        for record in rows:
            before = previous.get(record.id)
            previous[record.id] = record
            changes = []
            for name in FIELDS[model]:
                new = getattr(record, name + ("_id" if name == "programme_measure" else ""))
                old = (
                    getattr(before, name + ("_id" if name == "programme_measure" else ""))
                    if before is not None
                    else None
                )
                if record.history_type == "-" or (before is not None and old == new):
                    continue
                if before is None and new in (None, ""):
                    continue
                label = str(model._meta.get_field(name).verbose_name).capitalize()
                changes.append(
                    Change(
                        label,
                        word_diff(_display(name, old, labels), _display(name, new, labels)),
                    )
                )
            if record.history_type == "~" and not changes:
                continue
            entries.append(
                Entry(
                    at=record.history_date,
                    who=str(record.history_user) if record.history_user else _("Portalen"),
                    what=_object_label(model, record),
                    # Past tense passive: right for "Löftet" and "Åtgärd …" alike.
                    kind={"+": _("skapades"), "~": _("ändrades"), "-": _("togs bort")}[
                        record.history_type
                    ],
                    changes=changes,
                )
            )
    for event in pledge.events.select_related("by", "address_confirmed_by"):
        signature = event.kind == PledgeEvent.Kind.SIGNATURE
        entries.append(
            Entry(
                at=event.at,
                who=str(event.by) if event.by else _("Portalen"),
                what=event.get_kind_display(),
                kind=(
                    f"{event.get_from_status_display()} → {event.get_to_status_display()}"
                    if event.kind == PledgeEvent.Kind.STATUS
                    else event.note
                ),
                changes=_signature_changes(event)
                if signature
                else [Change(_("Kommentar"), escape(event.note))]
                if event.note
                else [],
                scan_url=reverse("pledges:signature_scan", args=[pledge.pk, event.pk])
                if scans and signature and event.scan
                else "",
            )
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:MAX_ENTRIES]
