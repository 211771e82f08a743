"""The county's full extract: every pledge's measures and how each was reported in every
round, in one file, for the county board's own analysis (issue 16, "Exports").

One row per measure per round it was reported in; a measure never reported has one
row, its round columns empty. The columns, in order (Swedish headers in the file):

- Löfte, Aktör, Aktörstyp, Kommun: the pledge (its short name) and its actor, the
  actor's kind and municipality (by name);
- Löftets status, Från år, Till år, Undertecknat: the pledge's status, period (numbers)
  and the day it was signed (a date, empty until signed);
- Part, Nr, Åtgärd: the actor's measure or the county board's commitment, its number
  in the pledge, its heading (or, without one, its text);
- Tema, Åtgärder i åtgärdsprogrammet: the programme measures it serves, "36 (främst)"
  marking the primary link;
- Indikatorns enhet, Utgångsvärde, Målvärde: its indicator, if it has one (numbers);
- Omgång, Typ av uppföljning, Sista dag: the round (its due date a date);
- Rapportens status, Inskickad, Granskad: the report's status and the days it was
  submitted and reviewed (dates);
- Status, Kommentar, Indikatorns värde, Underlag (länk), Underlag (fil), Verifiering,
  Länsstyrelsens kommentar: what was reported on the measure in that round, and the
  board's comment on it;
- Övergripande kommentar, Länsstyrelsens kommentar till rapporten: the report's.

Three queries whatever the county's size. Like a round's export (exports.py), CSV
for Excel in Sweden and XLSX with typed cells, built in the request: a county's
pledges are some hundred measures a round, not bulk.
"""

import datetime

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import County
from pledges.models import Measure, MeasureLink

from .exports import Sheet, _csv_value, _xlsx_value, csv_attachment, workbook_bytes, xlsx_attachment
from .models import MeasureReport


def columns():
    """(key in extract_rows, Swedish header, width in the XLSX) of each column."""
    return [
        ("pledge", _("Löfte"), 34),
        ("actor", _("Aktör"), 30),
        ("actor_kind", _("Aktörstyp"), 18),
        ("municipality", _("Kommun"), 14),
        ("pledge_status", _("Löftets status"), 16),
        ("start_year", _("Från år"), 8),
        ("end_year", _("Till år"), 8),
        ("signed_on", _("Undertecknat"), 12),
        ("party", _("Part"), 14),
        ("order", _("Nr"), 5),
        ("measure", _("Åtgärd"), 40),
        ("themes", _("Tema"), 24),
        ("programme_measures", _("Åtgärder i åtgärdsprogrammet"), 22),
        ("indicator_unit", _("Indikatorns enhet"), 12),
        ("indicator_baseline", _("Utgångsvärde"), 12),
        ("indicator_target", _("Målvärde"), 12),
        ("round", _("Omgång"), 26),
        ("round_kind", _("Typ av uppföljning"), 18),
        ("due", _("Sista dag"), 12),
        ("report_status", _("Rapportens status"), 18),
        ("submitted", _("Inskickad"), 12),
        ("reviewed", _("Granskad"), 12),
        ("status", _("Status"), 22),
        ("comment", _("Kommentar"), 50),
        ("indicator_value", _("Indikatorns värde"), 14),
        ("evidence_url", _("Underlag (länk)"), 30),
        ("evidence_file", _("Underlag (fil)"), 20),
        ("verification", _("Verifiering"), 24),
        ("review_comment", _("Länsstyrelsens kommentar"), 40),
        ("report_comment", _("Övergripande kommentar"), 40),
        ("report_review_comment", _("Länsstyrelsens kommentar till rapporten"), 40),
    ]


ROUND_KEYS = (
    "round",
    "round_kind",
    "due",
    "report_status",
    "submitted",
    "reviewed",
    "status",
    "comment",
    "indicator_value",
    "evidence_url",
    "evidence_file",
    "verification",
    "review_comment",
    "report_comment",
    "report_review_comment",
)


def _day(moment):
    return timezone.localdate(moment) if moment else None


def _measure_part(measure: Measure) -> dict:
    pledge, actor = measure.pledge, measure.pledge.actor
    links = list(measure.links.all())
    return {
        "pledge": pledge.slug,
        "actor": actor.name,
        "actor_kind": actor.get_kind_display(),
        "municipality": actor.municipality_name,
        "pledge_status": pledge.get_status_display(),
        "start_year": pledge.start_year,
        "end_year": pledge.end_year,
        "signed_on": (pledge.signing_date or _day(pledge.signed_at)) if pledge.signed_at else None,
        "party": measure.get_party_display(),
        "order": measure.order,
        # The whole text where there is no heading: a spreadsheet has room.
        "measure": measure.title,
        "themes": ", ".join(dict.fromkeys(link.programme_measure.theme.name for link in links)),
        "programme_measures": ", ".join(
            link.programme_measure.number + (" (främst)" if link.is_primary else "")
            for link in links
        ),
        "indicator_unit": measure.indicator_unit,
        "indicator_baseline": measure.indicator_baseline,
        "indicator_target": measure.indicator_target,
    }


def _round_part(mr: MeasureReport) -> dict:
    report, round = mr.report, mr.report.round
    return {
        "round": round.title,
        "round_kind": round.get_kind_display(),
        "due": round.due,
        "report_status": report.get_status_display(),
        "submitted": _day(report.submitted_at),
        "reviewed": _day(report.reviewed_at),
        "status": mr.get_status_display(),
        "comment": mr.comment,
        "indicator_value": mr.indicator_value,
        "evidence_url": mr.evidence_url,
        "evidence_file": mr.evidence_filename,
        "verification": mr.get_verification_display(),
        "review_comment": mr.review_comment,
        "report_comment": report.comment,
        "report_review_comment": report.review_comment,
    }


def extract_rows(county: County) -> list[dict]:
    """The county's extract, one dict per row (keys as in columns()).

    Three queries: the measures with their pledge and actor, their programme links
    with theme, and every measure report of the county with its report and round.
    """
    measures = (
        Measure.objects.filter(pledge__county=county)
        .select_related("pledge__actor")
        .prefetch_related(
            Prefetch(
                "links",
                queryset=MeasureLink.objects.select_related("programme_measure__theme"),
            )
        )
        .order_by("pledge__actor__name", "pledge__start_year", "pledge__pk", "party", "order", "pk")
    )
    reported = {}
    measure_reports = (
        MeasureReport.objects.filter(measure__pledge__county=county)
        .select_related("report__round")
        .order_by("report__round__due", "report__round__pk", "pk")
    )
    for mr in measure_reports:
        reported.setdefault(mr.measure_id, []).append(mr)
    never = dict.fromkeys(ROUND_KEYS)
    rows = []
    for measure in measures:
        part = _measure_part(measure)
        for mr in reported.get(measure.pk) or [None]:
            rows.append({**part, **(_round_part(mr) if mr else never)})
    return rows


def filename(county: County, extension: str) -> str:
    return f"utdrag-{county.slug}-{timezone.localdate().isoformat()}.{extension}"


def _csv_cell(value):
    if isinstance(value, datetime.date):
        # ISO 8601, which Excel with Swedish settings reads as a date.
        return value.isoformat()
    return _csv_value(value)


def _xlsx_cell(value):
    # Numbers and dates stay typed; the rest as the round's export writes it.
    if isinstance(value, int | datetime.date) and not isinstance(value, bool):
        return value
    return _xlsx_value(value)


def csv_response(county: County) -> HttpResponse:
    cols = columns()
    headers = [header for _key, header, _width in cols]
    rows = ([row[key] for key, _h, _w in cols] for row in extract_rows(county))
    return csv_attachment(filename(county, "csv"), headers, rows, cell=_csv_cell)


def xlsx_bytes(county: County) -> bytes:
    cols = columns()
    rows = ([row[key] for key, _h, _w in cols] for row in extract_rows(county))
    return workbook_bytes(
        [
            Sheet(
                _("Utdrag"),
                [header for _key, header, _width in cols],
                [width for _key, _header, width in cols],
                rows,
                cell=_xlsx_cell,
            )
        ]
    )


def xlsx_response(county: County) -> HttpResponse:
    return xlsx_attachment(filename(county, "xlsx"), xlsx_bytes(county))
