"""Open data: the published data as tables, written as CSV and as one JSON file per
county by a background task, kept in the default storage and served at stable
addresses (views/opendata.py); and the DCAT-AP-SE catalogue that describes them.

What goes out is what the public pages show, nothing more: published pledges
(signed or concluded), accepted reports of them, the counties' programmes and the
actors that have a published pledge. No e-mail address, no signatory, no evidence
file, no comment of the board's review.

The tables are described once, here (TABLES): the CSV columns, the JSON keys and the
field dictionary page are all read from the same list.
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from actors.links import absolute_url
from actors.models import Actor, County
from pledges.models import Measure, MeasureLink, Pledge, Programme, ProgrammeMeasure, Theme

from .exports import csv_attachment
from .models import MeasureReport, Report


def api_path() -> str:
    """The REST API's documentation page (config/api.py), the open data's API address."""
    return reverse("api:root")


LICENCE_URL = "http://creativecommons.org/publicdomain/zero/1.0/"
FOLDER = "opendata"
# Not a county's slug (theirs end in "-lan"): the files of every county together.
ALL = "alla"


@dataclass(frozen=True)
class Field:
    key: str
    description: str  # lazy, Swedish source, English in the catalogue


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple


F = Field
TABLES = (
    Table(
        "counties",
        _("Län"),
        _("Länen och deras länsstyrelser."),
        (
            F("id", _("Länets id i portalen.")),
            F("code", _("Länskod, två siffror (SCB), till exempel 07.")),
            F("letter", _("Länsbokstav, till exempel G.")),
            F("name", _("Länets namn.")),
            F("slug", _("Länets kortnamn i adresserna.")),
            F("board_name", _("Länsstyrelsens namn.")),
            F("url", _("Länets sida i portalen.")),
        ),
    ),
    Table(
        "programmes",
        _("Åtgärdsprogram"),
        _("Länens regionala åtgärdsprogram för miljömålen."),
        (
            F("id", _("Programmets id.")),
            F("county_code", _("Länskoden för programmets län.")),
            F("name", _("Programmets namn.")),
            F("start_year", _("Första år programmet gäller.")),
            F("end_year", _("Sista år programmet gäller.")),
            F("url", _("Länk till programmet hos länsstyrelsen, om det finns.")),
        ),
    ),
    Table(
        "themes",
        _("Teman"),
        _("Åtgärdsprogrammens teman, till exempel ”Klimat och energi”."),
        (
            F("id", _("Temats id.")),
            F("programme_id", _("Id för programmet temat hör till.")),
            F("order", _("Temats ordning i programmet.")),
            F("name", _("Temats namn.")),
        ),
    ),
    Table(
        "programme_measures",
        _("Åtgärder i åtgärdsprogrammen"),
        _("Programmens åtgärder, med de miljökvalitetsmål och globala mål de tjänar."),
        (
            F("id", _("Programåtgärdens id.")),
            F("theme_id", _("Id för temat åtgärden hör till.")),
            F("number", _("Åtgärdens nummer i programmet, till exempel 36.")),
            F("title", _("Åtgärdens rubrik.")),
            F("description", _("Åtgärdens beskrivning.")),
            F(
                "objectives",
                _("Numren på de miljökvalitetsmål åtgärden tjänar, åtskilda av komma."),
            ),
            F("global_goals", _("Numren på de globala mål åtgärden tjänar, åtskilda av komma.")),
        ),
    ),
    Table(
        "actors",
        _("Aktörer"),
        _("Aktörer som har minst ett publicerat löfte."),
        (
            F("id", _("Aktörens id.")),
            F("county_code", _("Länskoden för aktörens län.")),
            F("slug", _("Aktörens kortnamn i adresserna.")),
            F("name", _("Aktörens namn.")),
            F(
                "kind",
                _(
                    "Typ av aktör: municipality, region, company, energy_office, authority, "
                    "school, association eller other."
                ),
            ),
            F("organisation_number", _("Organisationsnummer, om det är angivet.")),
            F("municipality", _("Kommunkod (fyra siffror), om den är angiven.")),
            F("website", _("Aktörens webbplats, om den är angiven.")),
            F("url", _("Aktörens sida i portalen.")),
        ),
    ),
    Table(
        "pledges",
        _("Löften"),
        _("Publicerade miljömålslöften: undertecknade eller avslutade. Utkast publiceras aldrig."),
        (
            F("id", _("Löftets id.")),
            F("slug", _("Löftets kortnamn i adresserna.")),
            F("county_code", _("Länskoden för löftets län.")),
            F("actor_id", _("Id för aktören som har ingått löftet.")),
            F("status", _("Status: signed (undertecknat) eller concluded (avslutat).")),
            F("start_year", _("Första år löftet gäller.")),
            F("end_year", _("Sista år löftet gäller.")),
            F("introduction", _("Aktörens inledning till löftet.")),
            F("signing_place", _("Orten där löftet undertecknades.")),
            F("signing_date", _("Dagen då löftet undertecknades (ÅÅÅÅ-MM-DD).")),
            F("concluded_on", _("Dagen då löftet avslutades, om det är avslutat.")),
            F("previous_id", _("Id för löftet som detta förnyar eller ändrar, om något.")),
            F("url", _("Löftets sida i portalen.")),
        ),
    ),
    Table(
        "measures",
        _("Åtgärder i löftena"),
        _("Löftenas åtgärder, aktörens och länsstyrelsens."),
        (
            F("id", _("Åtgärdens id.")),
            F("pledge_id", _("Id för löftet åtgärden hör till.")),
            F("party", _("Part: actor (aktören) eller board (länsstyrelsen).")),
            F("order", _("Åtgärdens ordning i löftet.")),
            F("heading", _("Åtgärdens rubrik.")),
            F("text", _("Åtgärdens text.")),
            F("indicator_unit", _("Indikatorns enhet, om åtgärden har en indikator.")),
            F("indicator_baseline", _("Indikatorns utgångsvärde (decimalkomma i CSV).")),
            F("indicator_target", _("Indikatorns målvärde (decimalkomma i CSV).")),
        ),
    ),
    Table(
        "measure_links",
        _("Kopplingar till åtgärdsprogrammet"),
        _("Vilka åtgärder i åtgärdsprogrammet varje åtgärd i ett löfte tjänar."),
        (
            F("measure_id", _("Id för åtgärden i löftet.")),
            F("programme_measure_id", _("Id för åtgärden i åtgärdsprogrammet.")),
            F("programme_measure_number", _("Programåtgärdens nummer.")),
            F("is_primary", _("true om åtgärden främst tjänar denna programåtgärd.")),
        ),
    ),
    Table(
        "followup",
        _("Uppföljning"),
        _("Status för varje åtgärd i de uppföljningsrapporter länsstyrelsen har godkänt."),
        (
            F("measure_id", _("Id för åtgärden i löftet.")),
            F("pledge_id", _("Id för löftet.")),
            F("round_id", _("Id för uppföljningsomgången.")),
            F("round_title", _("Uppföljningsomgångens rubrik.")),
            F("round_kind", _("Typ av uppföljning: halfway, final, annual eller custom.")),
            F("round_due", _("Sista dag för rapporten i omgången.")),
            F("accepted_on", _("Dagen då länsstyrelsen godkände rapporten.")),
            F(
                "status",
                _("Åtgärdens status: done, half, started, not_started eller not_relevant."),
            ),
            F("comment", _("Aktörens kommentar om åtgärden.")),
            F("indicator_value", _("Indikatorns värde, om åtgärden har en indikator.")),
            F(
                "verification",
                _(
                    "Hur statusen är styrkt: self (egen uppgift), evidence (underlag "
                    "bifogat) eller confirmed (bekräftat av länsstyrelsen)."
                ),
            ),
        ),
    ),
)
TABLE_NAMES = tuple(table.name for table in TABLES)


def _date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def _join(numbers):
    return ",".join(str(n) for n in sorted(numbers))


def table_rows(county: County | None = None) -> dict[str, list[dict]]:
    """Every table's rows, of `county` or of all counties: ten queries whatever the size."""

    def of(queryset, path):
        return queryset.filter(**{path: county}) if county is not None else queryset

    counties = [county] if county is not None else list(County.objects.order_by("code"))
    pledges = list(
        of(Pledge.objects.published(), "county")
        .select_related("county")
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=Measure.objects.order_by("party", "order", "pk").prefetch_related(
                    Prefetch(
                        "links",
                        queryset=MeasureLink.objects.select_related("programme_measure").order_by(
                            "order", "pk"
                        ),
                    )
                ),
            )
        )
        .order_by("county__code", "pk")
    )
    actors = of(Actor.objects.filter(pledges__status__in=Pledge.PUBLISHED_STATUSES), "county")
    programmes = of(Programme.objects.select_related("county"), "county").order_by(
        "county__code", "-start_year", "pk"
    )
    themes = of(Theme.objects.all(), "programme__county").order_by("programme_id", "order", "pk")
    programme_measures = (
        of(ProgrammeMeasure.objects.all(), "theme__programme__county")
        .prefetch_related("objectives", "global_goals")
        .order_by("theme_id", "pk")
    )
    accepted = MeasureReport.objects.filter(report__in=Report.objects.published())
    followup = (
        of(accepted, "report__round__county")
        .select_related("report__round")
        .order_by("report__pledge_id", "measure_id", "report__round__due", "pk")
    )  # fmt: skip

    measures = [m for p in pledges for m in p.measures.all()]
    return {
        "counties": [
            {
                "id": c.pk, "code": c.code, "letter": c.letter, "name": c.name, "slug": c.slug,
                "board_name": c.board_name, "url": absolute_url(c.get_absolute_url()),
            }
            for c in counties
        ],
        "programmes": [
            {
                "id": p.pk, "county_code": p.county.code, "name": p.name,
                "start_year": p.start_year, "end_year": p.end_year, "url": p.url,
            }
            for p in programmes
        ],
        "themes": [
            {"id": t.pk, "programme_id": t.programme_id, "order": t.order, "name": t.name}
            for t in themes
        ],
        "programme_measures": [
            {
                "id": pm.pk, "theme_id": pm.theme_id, "number": pm.number, "title": pm.title,
                "description": pm.description,
                "objectives": _join(o.number for o in pm.objectives.all()),
                "global_goals": _join(g.number for g in pm.global_goals.all()),
            }
            for pm in programme_measures
        ],
        "actors": [
            {
                "id": a.pk, "county_code": a.county.code, "slug": a.slug, "name": a.name,
                "kind": a.kind, "organisation_number": a.organisation_number,
                "municipality": a.municipality, "website": a.website,
                "url": absolute_url(reverse("actors:detail", kwargs={"slug": a.slug})),
            }
            for a in actors.select_related("county").distinct().order_by("county__code", "name")
        ],
        "pledges": [
            {
                "id": p.pk, "slug": p.slug, "county_code": p.county.code, "actor_id": p.actor_id,
                "status": p.status, "start_year": p.start_year, "end_year": p.end_year,
                "introduction": p.introduction, "signing_place": p.signing_place,
                "signing_date": p.signing_date, "concluded_on": _date(p.concluded_at),
                "previous_id": p.previous_id if p.previous_id else None,
                "url": absolute_url(p.get_absolute_url()),
            }
            for p in pledges
        ],
        "measures": [
            {
                "id": m.pk, "pledge_id": m.pledge_id, "party": m.party, "order": m.order,
                "heading": m.heading, "text": m.text, "indicator_unit": m.indicator_unit,
                "indicator_baseline": m.indicator_baseline,
                "indicator_target": m.indicator_target,
            }
            for m in measures
        ],
        "measure_links": [
            {
                "measure_id": m.pk, "programme_measure_id": link.programme_measure_id,
                "programme_measure_number": link.programme_measure.number,
                "is_primary": link.is_primary,
            }
            for m in measures
            for link in m.links.all()
        ],
        "followup": [
            {
                "measure_id": mr.measure_id, "pledge_id": mr.report.pledge_id,
                "round_id": mr.report.round_id, "round_title": mr.report.round.title,
                "round_kind": mr.report.round.kind, "round_due": mr.report.round.due,
                "accepted_on": _date(mr.report.reviewed_at), "status": mr.status,
                "comment": mr.comment, "indicator_value": mr.indicator_value,
                "verification": mr.verification,
            }
            for mr in followup
        ],
    }  # fmt: skip


# Files --------------------------------------------------------------------------


def csv_name(scope: str, table: str) -> str:
    return f"{FOLDER}/{scope}/{table}.csv"


def json_name(scope: str) -> str:
    return f"{FOLDER}/{scope}.json"


def _csv_cell(value):
    # Booleans as the dictionary says (true/false), the rest as the exports write it.
    if isinstance(value, bool):
        return "true" if value else "false"
    from .exports import _csv_value

    return _csv_value(value)


def csv_bytes(table: Table, rows: list[dict]) -> bytes:
    """The table as the portal's other CSV files are: exports.csv_attachment's."""
    keys = [field.key for field in table.fields]
    response = csv_attachment(
        f"{table.name}.csv", keys, ([row[key] for key in keys] for row in rows), cell=_csv_cell
    )
    return response.content


def json_bytes(county: County, tables: dict[str, list[dict]]) -> bytes:
    document = {
        "county": tables["counties"][0] if tables["counties"] else None,
        "license": LICENCE_URL,
        "generated_at": timezone.now(),
        **{name: tables[name] for name in TABLE_NAMES if name != "counties"},
    }

    class Encoder(DjangoJSONEncoder):
        def default(self, o):
            if isinstance(o, Decimal):
                return str(o)  # exact, and a JSON reader need not guess a float
            return super().default(o)

    return json.dumps(document, cls=Encoder, ensure_ascii=False, indent=1).encode()


def _replace(name: str, data: bytes) -> None:
    """Write the file at its fixed address, over the one before. The storage writes at
    exactly the name it is given (settings.STORAGES): no moment without a file, as a
    delete before the save had, and no second writer's file saved beside it under
    another name while the address keeps the older one."""
    stored = default_storage.save(name, ContentFile(data))
    if stored != name:
        raise ImproperlyConfigured(f"the file storage wrote {name} as {stored}")


def write_county(county: County) -> list[str]:
    """Write the county's JSON file and CSV files; the names written."""
    with translation.override("sv"):
        tables = table_rows(county)
    names = [json_name(county.slug)]
    _replace(names[0], json_bytes(county, tables))
    for table in TABLES:
        names.append(csv_name(county.slug, table.name))
        _replace(names[-1], csv_bytes(table, tables[table.name]))
    return names


def write_all() -> list[str]:
    """Write the CSV files of every county together."""
    with translation.override("sv"):
        tables = table_rows()
    names = []
    for table in TABLES:
        names.append(csv_name(ALL, table.name))
        _replace(names[-1], csv_bytes(table, tables[table.name]))
    return names


def regenerate(county_id: int | None = None) -> list[str]:
    """The files of `county_id` (or of every county) and the country's, written anew."""
    counties = County.objects.order_by("code")
    if county_id is not None:
        counties = counties.filter(pk=county_id)
    names = []
    for county in counties:
        names += write_county(county)
    return names + write_all()


def file_bytes(name: str, build) -> bytes:
    """The stored file `name`; built and stored now (build()) if the task has not yet."""
    try:
        stored = default_storage.open(name, "rb")
    except FileNotFoundError:
        build()
        stored = default_storage.open(name, "rb")
    with stored:
        return stored.read()


def _on_published_data_changed(sender, *, county_id, **kwargs):
    from .tasks import schedule_open_data

    schedule_open_data(county_id=county_id)
