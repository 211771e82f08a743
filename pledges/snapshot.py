"""Everything a pledge document prints, as plain JSON.

The signed version freezes this (SignedVersion.content) and the PDF is rendered
from it alone, so a signed PDF can be rendered again byte for byte, whatever
happens to the county's texts or the actor's name afterwards.
"""

from django.db.models import Prefetch
from django.utils import timezone

from .models import MeasureLink, Party, Pledge

# 2: each signatory's signing record ("signed_on", "recorded_by"). Version 1
# snapshots have neither, and still render (text.signing_record).
SNAPSHOT_VERSION = 2


def _measure(measure) -> dict:
    indicator = None
    if measure.indicator_unit:
        indicator = {
            "unit": measure.indicator_unit,
            "baseline": None
            if measure.indicator_baseline is None
            else str(measure.indicator_baseline),
            "target": None if measure.indicator_target is None else str(measure.indicator_target),
        }
    return {
        # Follow-up reports refer to measures by id; a signed pledge's measures never change.
        "id": measure.pk,
        "heading": measure.heading,
        "text": measure.text,
        "link_line": measure.link_line(),
        "indicator": indicator,
    }


def signatory_entry(signatory, county) -> dict:
    """A signatory as the document prints it, with its signing record: the day the party
    signed, how (the method), and who recorded a paper signature."""
    s = signatory
    return {
        "party": s.party,
        "name": s.name,
        "title": s.title,
        "organisation": s.organisation,
        "signed_at": s.signed_at.isoformat() if s.signed_at else None,
        "method": s.method,
        "signed_on": timezone.localdate(s.signed_at).isoformat() if s.signed_at else None,
        # A name, never an address: the record is public.
        "recorded_by": (s.signed_by.full_name or county.board_name)
        if s.signed_by and s.method == s.Method.WET_INK
        else "",
    }


def pledge_snapshot(pledge: Pledge) -> dict:
    measures = pledge.measures.prefetch_related(
        Prefetch("links", queryset=MeasureLink.objects.select_related("programme_measure__theme"))
    )
    return snapshot_from(pledge, list(measures), pledge.signatories.select_related("signed_by"))


def snapshot_from(pledge: Pledge, measures, signatories) -> dict:
    """The snapshot of `pledge` from its measures (their links and the links' programme
    measures and themes read) and its signatories (with `signed_by`): for a caller that
    has read them for many pledges at once (followup/scale_data.py)."""
    county, actor = pledge.county, pledge.actor
    return {
        "version": SNAPSHOT_VERSION,
        "pledge": {
            "id": pledge.pk,
            "slug": pledge.slug,
            "start_year": pledge.start_year,
            "end_year": pledge.end_year,
            "signing_place": pledge.signing_place,
            "signing_date": pledge.signing_date.isoformat() if pledge.signing_date else None,
            "closing_declaration": pledge.closing_declaration(),
        },
        "county": {
            "code": county.code,
            "name": county.name,
            "board_name": county.board_name,
            "intro_text": county.intro_text,
            "board_description": county.board_description,
            "explanation_text": county.explanation_text,
            "logo": county.logo.name or None,
        },
        "actor": {
            "name": actor.name,
            "genitive_name": actor.genitive_name,
            "organisation_number": actor.organisation_number,
            "description": pledge.introduction,
            "logo": actor.logo.name or None,
        },
        "actor_measures": [_measure(m) for m in measures if m.party == Party.ACTOR],
        "board_measures": [_measure(m) for m in measures if m.party == Party.BOARD],
        "signatories": [signatory_entry(s, county) for s in signatories],
    }
