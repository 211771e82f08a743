"""The dashboard's tables as CSV and XLSX, with the round export's conventions
(followup/exports.py): `;` and a byte order mark, Swedish decimals, nothing a
spreadsheet would read as a formula; in XLSX a bold frozen header row and typed cells.

The figures are the dashboard's (followup/dashboard.py), for the filters in the URL.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from actors.models import Actor
from actors.reference import municipality_names
from pledges.models import Party

from .dashboard import STATUS_KEYS, STATUSES, Dashboard
from .exports import Sheet, _xlsx_value, csv_attachment, workbook_bytes, xlsx_attachment
from .models import MeasureReport, Report


@dataclass
class Table:
    slug: str
    title: str
    headers: list
    rows: list


def _status_labels():
    labels = dict(MeasureReport.Status.choices)
    labels["none"] = _("Ej rapporterad")
    return [labels[key] for key in STATUS_KEYS]


def tables(data: Dashboard) -> list[Table]:
    """Every table of the dashboard, as plain rows (text, whole numbers, decimals)."""
    kinds = dict(Actor.Kind.choices)
    names = municipality_names()
    p = data.pledges
    pledge_rows = [(_("Status"), label, n) for _value, label, n in p["by_status"]]
    pledge_rows += [(_("Startår"), str(year), n) for year, n in p["by_start_year"]]
    pledge_rows += [(_("Typ av aktör"), kinds.get(kind, kind), n) for kind, n in p["by_kind"]]
    pledge_rows += [
        (_("Kommun"), names.get(code, code), n) for code, n in p["by_municipality"] if code
    ]

    m = data.measures

    def counts(c):
        return [c[key] for key in STATUS_KEYS] + [sum(c.values())]

    status_rows = [
        (_("Part"), str(Party.ACTOR.label), *counts(m["actor"])),
        (_("Part"), str(Party.BOARD.label), *counts(m["board"])),
    ]
    groups = (
        (_("Tema"), m["by_theme"], {pk: t.name for pk, t in data.themes.items()}),
        (
            _("Miljömål"),
            m["by_objective"],
            {pk: f"{o.number}. {o.name}" for pk, o in data.objectives.items()},
        ),
        (
            _("Globalt mål"),
            m["by_goal"],
            {pk: f"{g.number}. {g.name}" for pk, g in data.goals.items()},
        ),
        (_("Typ av aktör"), m["by_kind"], kinds),
    )
    for grouping, table, labels in groups:
        for key, label in labels.items():
            if key in table:
                status_rows.append((grouping, str(label), *counts(table[key])))

    coverage_rows = []
    for pm in data.coverage:
        c = m["by_programme_measure"].get(pm.pk, dict.fromkeys(STATUS_KEYS, 0))
        coverage_rows.append(
            (
                pm.number,
                pm.title,
                pm.theme.name,
                pm.actors,
                pm.primary_pledges,
                pm.other_pledges,
                pm.measures,
                *[c[key] for key in STATUS_KEYS],
            )
        )
    status_labels = _status_labels()
    scale = dict(MeasureReport.Status.choices)
    transition_rows = [
        (str(scale[before]), *[data.between["table"][before][after] for after in STATUSES])
        for before in STATUSES
    ]
    S = Report.Status
    completion_rows = [
        (
            r.title,
            r.due,
            r.asked,
            r.owed,
            r.invited,
            r.accepted,
            r.submitted,
            r.changes_requested,
            r.draft,
            r.not_started,
            len(r.late),
        )
        for r in data.completion["rounds"]
    ]
    q = data.quality
    return [
        Table("loften", _("Löften"), [_("Efter"), _("Värde"), _("Antal löften")], pledge_rows),
        Table(
            "status",
            _("Åtgärdernas senast godkända status"),
            [_("Efter"), _("Grupp"), *status_labels, _("Totalt")],
            status_rows,
        ),
        Table(
            "tackning",
            _("Åtgärdsprogrammets täckning"),
            [
                _("Nummer"),
                _("Rubrik"),
                _("Tema"),
                _("Aktörer"),
                _("Löften (främst)"),
                _("Löften (i övrigt)"),
                _("Åtgärder"),
                *status_labels,
            ],
            coverage_rows,
        ),
        Table(
            "mellan-omgangar",
            _("Mellan omgångarna"),
            [_("Före"), *[str(scale[key]) for key in STATUSES]],
            transition_rows,
        ),
        Table(
            "omgangar",
            _("Uppföljningens gång per omgång"),
            [
                _("Omgång"),
                _("Sista dag"),
                _("Tillfrågade"),
                _("Kvar att lämna"),
                _("Inbjudna"),
                str(S.ACCEPTED.label),
                str(S.SUBMITTED.label),
                str(S.CHANGES_REQUESTED.label),
                str(S.DRAFT.label),
                str(S.NOT_STARTED.label),
                _("Försenade"),
            ],
            completion_rows,
        ),
        Table(
            "indikatorer",
            _("Indikatorer"),
            [_("Enhet"), _("Summa"), _("Antal åtgärder")],
            [(r["indicator_unit"], r["total"], r["n"]) for r in data.indicators],
        ),
        Table(
            "datakvalitet",
            _("Datakvalitet"),
            [_("Vad"), _("Antal")],
            [
                (
                    _("Undertecknade löften utan någon uppföljning"),
                    len(q["pledges_without_followup"]),
                ),
                (
                    _("Aktörernas åtgärder utan koppling till åtgärdsprogrammet"),
                    q["measures_without_link"],
                ),
                (
                    _("Åtgärder vars senast godkända rapport saknar underlag"),
                    q["accepted_without_evidence"],
                ),
                (_("Aktörer utan företrädare med konto"), len(q["actors_without_representative"])),
            ],
        ),
    ]


TABLE_SLUGS = (
    "loften",
    "status",
    "tackning",
    "mellan-omgangar",
    "omgangar",
    "indikatorer",
    "datakvalitet",
)


def _filename(data: Dashboard, name: str, extension: str) -> str:
    return f"oversikt-{data.county.slug}-{name}-{data.today.isoformat()}.{extension}"


def _cell(value):
    if isinstance(value, int | Decimal | datetime.date):
        return value
    return _xlsx_value(value)


def csv_response(data: Dashboard, table: Table) -> HttpResponse:
    return csv_attachment(_filename(data, table.slug, "csv"), table.headers, table.rows)


def xlsx_bytes(chosen: list[Table]) -> bytes:
    return workbook_bytes(
        [
            Sheet(
                table.title,
                table.headers,
                [max(12, min(50, len(str(header)) + 2)) for header in table.headers],
                table.rows,
                cell=_cell,
            )
            for table in chosen
        ]
    )


def xlsx_response(data: Dashboard, chosen: list[Table], name: str) -> HttpResponse:
    return xlsx_attachment(_filename(data, name, "xlsx"), xlsx_bytes(chosen))
