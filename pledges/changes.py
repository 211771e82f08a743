"""What changed between a pledge and the one it renews or amends, measure by measure.

A successor's measures are copies (Measure.origin names the one each was copied
from), so the comparison never guesses: a measure with no origin in the older
pledge is added, an older measure nobody copied is removed, and a copy whose
heading or text differs is reworded, whose programme links differ relinked.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from .models import MeasureLink, Party, Pledge

ADDED, REMOVED, REWORDED, RELINKED = "added", "removed", "reworded", "relinked"
KIND_LABELS = {
    ADDED: _("Ny åtgärd"),
    REMOVED: _("Borttagen åtgärd"),
    REWORDED: _("Omformulerad"),
    RELINKED: _("Ny koppling till åtgärdsprogrammet"),
}


@dataclass
class MeasureChange:
    party: str
    kinds: list[str]
    title: str
    # The word diff of a reworded measure: (kind, words) with kind "", "+" or "-".
    words: list[tuple[str, str]] = field(default_factory=list)
    links_before: str = ""
    links_after: str = ""

    @property
    def labels(self):
        return [KIND_LABELS[k] for k in self.kinds]

    @property
    def party_label(self):
        return Party(self.party).label


def _measures(pledge: Pledge) -> list:
    return list(
        pledge.measures.prefetch_related(
            Prefetch(
                "links", queryset=MeasureLink.objects.select_related("programme_measure__theme")
            )
        )
    )


def _links(measure) -> tuple:
    return tuple((link.programme_measure_id, link.is_primary) for link in measure.links.all())


def _wording(measure) -> str:
    return f"{measure.heading}\n{measure.text}" if measure.heading else measure.text


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The words of `after` with those removed from `before` and added to it marked."""
    a, b = re.findall(r"\S+", before), re.findall(r"\S+", after)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("", " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(("-", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("+", " ".join(b[j1:j2])))
    return parts


def pledge_changes(older: Pledge, newer: Pledge) -> list[MeasureChange]:
    """The measures of `newer` (whose `previous` is `older`) that differ from `older`'s,
    in the newer pledge's order, the removed ones last."""
    old = {m.pk: m for m in _measures(older)}
    changes, copied = [], set()
    for measure in _measures(newer):
        origin = old.get(measure.origin_id)
        if origin is None:
            changes.append(
                MeasureChange(
                    measure.party, [ADDED], measure.title, links_after=measure.link_line()
                )
            )
            continue
        copied.add(origin.pk)
        kinds, words = [], []
        if _wording(origin) != _wording(measure):
            kinds.append(REWORDED)
            words = word_diff(_wording(origin), _wording(measure))
        if _links(origin) != _links(measure) or origin.link_text != measure.link_text:
            kinds.append(RELINKED)
        if kinds:
            changes.append(
                MeasureChange(
                    measure.party,
                    kinds,
                    measure.title,
                    words=words,
                    links_before=origin.link_line(),
                    links_after=measure.link_line(),
                )
            )
    changes += [
        MeasureChange(m.party, [REMOVED], m.title, links_before=m.link_line())
        for pk, m in old.items()
        if pk not in copied
    ]
    return changes
