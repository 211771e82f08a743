"""Demo data: the reference pledge as signed, and clearly fictional actors and pledges.

Beside a handful of hand-written pledges, a "crowd" of fictional ones (crowd_plan)
gives Kronoberg some forty pledges of every actor kind and status, and Kalmar ten,
for the dashboards. All go through the portal's workflow: submitted, approved and
signed on paper by the county's coordinator, each signature through
services.pledge_sign, so the last one freezes a SignedVersion and queues its PDF
(rendered by the task worker, never while the demo loads).

Everything is keyed on natural keys (e-mail, slug), so running it again changes
nothing. The reference pledge is read from the signed document itself
(pledges/reference_pledge.py), never retyped.
"""

import datetime
import random
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from actors import second_factor
from actors.models import Actor, County, CountyRole, Membership, User
from actors.reference import load_counties, municipality_names

from . import reference_pledge
from .models import (
    EnvironmentalObjective,
    GlobalGoal,
    Measure,
    MeasureLink,
    Party,
    Pledge,
    PledgeEvent,
    Programme,
    ProgrammeMeasure,
    Signatory,
    Theme,
)
from .reference import load_objectives_and_goals
from .services import pledge_sign
from .text import link_line

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
DEMO_PASSWORD = "miljomal-demo"  # noqa: S105  (printed by `make run`, demo only)
REFERENCE_SLUG = "energikontor-sydost-2017"


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    description: str


DEMO_USERS = {
    "admin": DemoUser("admin@miljomal.example", "Nina Nationell", "nationell administratör"),
    "coordinator": DemoUser(
        "samordnare@kronoberg.example", "Karin Kronoberg", "samordnare, Kronobergs län"
    ),
    "coordinator_kalmar": DemoUser(
        "samordnare@kalmar.example", "Kalle Kalmar", "samordnare, Kalmar län"
    ),
    "editor": DemoUser(
        "redaktor@energikontor.example", "Erik Energi", "redaktör, Energikontor Sydost"
    ),
    "editor_b": DemoUser(
        "redaktor@sjobyn.example", "Sara Sjöby", "redaktör, Sjöbyns Bygg AB (fiktiv)"
    ),
    "signatory": DemoUser(
        "vd@energikontor.example", "Viktor Vd", "firmatecknare, Energikontor Sydost"
    ),
    "governor": DemoUser(
        "landshovding@kronoberg.example",
        "Lisa Länsdotter (fiktiv)",
        "landshövding, Kronobergs län (undertecknar för länsstyrelsen)",
    ),
}

# The county's current governor, as its coordinator keeps it: fictional, never a
# real person's name. The 2017 governor signed the reference pledge, and is its
# board signatory (read from the document), not the county's governor today.
KRONOBERG_GOVERNOR = {
    "name": DEMO_USERS["governor"].full_name,
    "title": "Landshövding",
    "email": DEMO_USERS["governor"].email,
}


def at(year, month, day, hour=12) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=STOCKHOLM)


def _user(key: str, **extra) -> User:
    spec = DEMO_USERS[key]
    user, created = User.objects.get_or_create(
        email=spec.email, defaults={"full_name": spec.full_name, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _update(obj, **values) -> None:
    """Save only the fields that differ: an unchanged save would still write a history row."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)


def _backdate_review(pledge: Pledge, *, submitted, approved) -> None:
    """The workflow stamps each move with the present; a pledge signed in the past was
    reviewed and approved before it was signed."""
    Pledge.objects.filter(pk=pledge.pk).update(submitted_at=submitted, approved_at=approved)
    pledge.events.filter(to_status=Pledge.Status.IN_REVIEW).update(at=submitted)
    pledge.events.filter(to_status=Pledge.Status.APPROVED).update(at=approved)
    pledge.refresh_from_db()


def _programme(county: County, name: str, years: tuple[int, int], measures) -> Programme:
    """measures: (theme, number) pairs; titles are left empty rather than invented."""
    programme, _ = Programme.objects.get_or_create(
        county=county, name=name, defaults={"start_year": years[0], "end_year": years[1]}
    )
    theme_names = list(dict.fromkeys(theme for theme, _ in measures))
    themes = {}
    for order, theme_name in enumerate(theme_names, start=1):
        themes[theme_name], _ = Theme.objects.get_or_create(
            programme=programme, name=theme_name, defaults={"order": order}
        )
    for theme_name, number in measures:
        ProgrammeMeasure.objects.get_or_create(theme=themes[theme_name], number=number)
    return programme


def _add_measures(pledge: Pledge, programme: Programme, measures) -> None:
    """measures: (heading, text, [(theme, number, primary), …], link_text), and optionally
    an indicator: (unit, baseline, target).

    In bulk, with their history rows, as the content of a new draft (the only time the
    demo writes measures)."""
    assert pledge.content_editable
    programme_measures = {
        (pm.theme.name, pm.number): pm
        for pm in ProgrammeMeasure.objects.filter(theme__programme=programme).select_related(
            "theme"
        )
    }
    rows = []
    for order, (heading, text, _links, link_text, *indicator) in enumerate(measures, start=1):
        unit, baseline, target = indicator[0] if indicator and indicator[0] else ("", None, None)
        rows.append(
            Measure(
                pledge=pledge,
                party=Party.ACTOR,
                order=order,
                heading=heading,
                text=text,
                link_text=link_text,
                indicator_unit=unit,
                indicator_baseline=baseline,
                indicator_target=target,
            )
        )
    created = bulk_create_with_history(rows, Measure)
    link_rows = [
        MeasureLink(
            measure=measure,
            programme_measure=programme_measures[(theme, number)],
            is_primary=primary,
            order=link_order,
        )
        for measure, (_h, _t, links, *_rest) in zip(created, measures, strict=True)
        for link_order, (theme, number, primary) in enumerate(links, start=1)
    ]
    bulk_create_with_history(link_rows, MeasureLink)


def _backdate_signing(pledge: Pledge, *, recorded: datetime.datetime) -> None:
    """A signature's event is stamped with the moment it is recorded; a pledge signed in
    the past had its paper signatures recorded then."""
    Pledge.objects.filter(pk=pledge.pk).update(signed_at=recorded)
    pledge.events.filter(
        Q(kind=PledgeEvent.Kind.SIGNATURE) | Q(to_status=Pledge.Status.SIGNED)
    ).update(at=recorded)
    pledge.refresh_from_db()


def _sign_on_paper(pledge: Pledge, *, coordinator: User, signed: datetime.datetime) -> None:
    for signatory in pledge.signatories.all():
        # Through the service, as in the portal: the last signature freezes the
        # pledge into a SignedVersion and queues its PDF. On paper, as the demo's
        # pledges were; the demo has no scans of them.
        pledge_sign(
            pledge=pledge,
            signatory=signatory,
            user=coordinator,
            method=Signatory.Method.WET_INK,
            signed_on=signed.date(),
        )
    _backdate_signing(pledge, recorded=signed)


def _sign_all(pledge: Pledge, *, coordinator: User, approved: datetime.datetime, signed):
    pledge.submit_for_review(by=coordinator)
    pledge.approve(by=coordinator)
    _backdate_review(pledge, submitted=approved, approved=approved)
    _sign_on_paper(pledge, coordinator=coordinator, signed=signed)


def load_reference_pledge(coordinator: User) -> Pledge:
    """Kronoberg's texts, its programme's numbered measures and Energikontor Sydost's pledge."""
    doc = reference_pledge.parse()
    county = County.objects.get(code="07")
    actor_sig, board_sig = doc.signatories
    actor_name = actor_sig.organisation
    assert actor_name.upper() == doc.actor_name_caps

    _update(
        county,
        intro_text=doc.intro,
        board_description=doc.board_description,
        standard_commitments="\n".join(doc.commitments),
        closing_declaration_template=(
            doc.closing_declaration.replace(actor_name, "{actor}")
            .replace(county.board_name, "{board}")
            .replace(f"år {doc.end_year}", "år {end_year}")
        ),
        explanation_text=doc.explanation,
    )
    county.set_governor(**KRONOBERG_GOVERNOR, by=coordinator)

    programme = _programme(
        county,
        "Regionalt åtgärdsprogram för miljömålen i Kronobergs län",
        (2015, 2020),
        sorted(
            {(link.theme, link.number) for m in doc.measures for link in m.links},
            key=lambda tn: (tn[0] != "Klimat och energi", int(tn[1])),
        ),
    )
    actor, _ = Actor.objects.get_or_create(
        slug=slugify(actor_name),
        defaults={
            "county": county,
            "name": actor_name,
            "kind": Actor.Kind.ENERGY_OFFICE,
            "municipality": "0780",
            "description": doc.actor_description,
        },
    )
    existing = Pledge.objects.filter(slug=REFERENCE_SLUG).first()
    if existing:
        return existing

    pledge = Pledge.objects.create(
        slug=REFERENCE_SLUG,
        county=county,
        actor=actor,
        start_year=doc.date.year,
        end_year=doc.end_year,
        introduction=doc.actor_description,
        signing_place=doc.place,
        signing_date=doc.date,
    )
    measures = []
    for m in doc.measures:
        links = [(link.theme, link.number, link.is_primary) for link in m.links]
        measures.append((m.heading, m.text, links, ""))
    _add_measures(pledge, programme, measures)
    # Where the signed document words the link line differently from the
    # portal's own wording, the signed wording is kept.
    for measure, m in zip(pledge.measures.all(), doc.measures, strict=True):
        if link_line(measure.links.all()) != m.link_line:
            measure.link_text = m.link_line
            measure.save(update_fields=["link_text"])
    pledge.add_standard_commitments()
    for order, (party, s) in enumerate([(Party.ACTOR, actor_sig), (Party.BOARD, board_sig)]):
        Signatory.objects.create(
            pledge=pledge,
            party=party,
            order=order,
            name=s.name,
            title=s.title,
            organisation=s.organisation,
        )
    signed = datetime.datetime.combine(doc.date, datetime.time(11), tzinfo=STOCKHOLM)
    _sign_all(pledge, coordinator=coordinator, approved=signed - datetime.timedelta(days=14),
              signed=signed)  # fmt: skip
    return pledge


KALMAR_TEXTS = {
    "intro_text": (
        "Det här är en demotext för Kalmar län. Miljömålslöften samlar länets aktörer "
        "kring åtgärder som gör skillnad för miljömålen och Agenda 2030."
    ),
    "board_description": (
        "Demotext: Länsstyrelsen samordnar länets arbete med miljömålen och följer upp "
        "de åtgärder som aktörerna lovar att genomföra."
    ),
    "standard_commitments": "\n".join(
        [
            "följa upp löftets åtgärder halvvägs och när löftesperioden har gått ut.",
            "lyfta fram aktörens arbete som gott exempel.",
            "bjuda in aktören till länets miljömålsnätverk.",
        ]
    ),
    "closing_declaration_template": (
        "{actor} och {board} avser att genomföra ovanstående åtgärder och åtaganden "
        "fram till år {end_year}."
    ),
    "explanation_text": (
        "Ett miljömålslöfte är en frivillig avsiktsförklaring mellan en aktör och "
        "länsstyrelsen. (Demotext.)"
    ),
}
KALMAR_GOVERNOR = {
    "name": "Gunilla Guvernör (fiktiv)",
    "title": "Landshövding",
    "email": "landshovding@kalmar.example",
}

KALMAR_PROGRAMME_MEASURES = [
    ("Hållbara transporter", "1"),
    ("Hållbara transporter", "2"),
    ("Hållbara transporter", "3"),
    ("Vatten och hav", "1"),
    ("Vatten och hav", "2"),
    # Nobody has pledged to these: the dashboard lists them first.
    ("Hållbara transporter", "4"),
    ("Vatten och hav", "3"),
]

# Fictional actors: (county code, name, kind, municipality, organisation number).
FICTIONAL_ACTORS = [
    ("07", "Sjöbyns Bygg AB (fiktiv)", Actor.Kind.COMPANY, "0780", "556677-8899"),
    ("07", "Skogsdala skola (fiktiv)", Actor.Kind.SCHOOL, "0764", ""),
    ("07", "Föreningen Rena Ån (fiktiv)", Actor.Kind.ASSOCIATION, "0781", ""),
    ("07", "Glasbruket i Granby AB (fiktiv)", Actor.Kind.COMPANY, "0761", "559012-3450"),
    ("08", "Kustens Transport AB (fiktiv)", Actor.Kind.COMPANY, "0880", "556123-4567"),
    ("08", "Ölandsbyns Energi (fiktiv)", Actor.Kind.ENERGY_OFFICE, "0885", ""),
]

KRONOBERG_EXAMPLE_MEASURES = [
    (
        "Fossilfria transporter",
        "Vi byter våra arbetsfordon mot fordon som drivs med el eller biogas. (Fiktivt exempel.)",
        [("Klimat och energi", "2", True), ("Klimat och energi", "63", False)],
        "",
    ),
    (
        "Mindre matsvinn",
        "Vi mäter och halverar matsvinnet i vår personalmatsal. (Fiktivt exempel.)",
        [("Hållbar konsumtion", "12", False)],
        "",
    ),
    (
        "Restvärme till grannarna",
        "Vi utreder hur vår restvärme kan värma bostäder i området. (Fiktivt exempel.)",
        [("Klimat och energi", "36", True)],
        "",
    ),
]

KALMAR_EXAMPLE_MEASURES = [
    (
        "Samordnade leveranser",
        "Vi samordnar leveranser så att tomkörningarna minskar. (Fiktivt exempel.)",
        [("Hållbara transporter", "1", True)],
        "",
    ),
    (
        "Renare dagvatten",
        "Vi anlägger en dagvattendamm vid vår depå. (Fiktivt exempel.)",
        [("Vatten och hav", "2", False)],
        "",
    ),
]


def _fictional_pledge(actor, programme, measures, start, end, state, *, coordinator):
    slug = slugify(f"{actor.name} {start}")
    existing = Pledge.objects.filter(slug=slug).first()
    if existing:
        return existing
    pledge = Pledge.objects.create(
        slug=slug,
        county=actor.county,
        actor=actor,
        start_year=start,
        end_year=end,
        introduction=actor.description,
        signing_place=actor.county.residence_city,
    )
    _add_measures(pledge, programme, measures)
    pledge.add_standard_commitments()
    Signatory.objects.create(
        pledge=pledge,
        party=Party.ACTOR,
        order=0,
        name="Alex Exempelsson (fiktiv)",
        title="Vd",
        organisation=actor.name,
    )
    Signatory.objects.create(
        pledge=pledge,
        party=Party.BOARD,
        order=1,
        name=actor.county.governor_name or "Landshövding (fiktiv)",
        title=actor.county.governor_title or "Landshövding",
        organisation=actor.county.board_name,
        email=actor.county.governor_email,
    )
    if state == Pledge.Status.DRAFT:
        return pledge
    if state == Pledge.Status.WITHDRAWN:
        pledge.withdraw(by=coordinator, note="Aktören valde att avstå. (Demo.)")
        return pledge
    pledge.submit_for_review(by=coordinator, note="Klart för granskning. (Demo.)")
    if state == Pledge.Status.IN_REVIEW:
        return pledge
    pledge.approve(by=coordinator)
    if state == Pledge.Status.APPROVED:
        # One of two has signed, on paper: the board's signature is still missing,
        # for the county's (fictional) governor to give in the portal.
        pledge_sign(
            pledge=pledge,
            signatory=pledge.signatories.get(party=Party.ACTOR),
            user=coordinator,
            method=Signatory.Method.WET_INK,
            signed_on=timezone.localdate(),
        )
        return pledge
    _backdate_review(pledge, submitted=at(start, 2, 1), approved=at(start, 3, 1))
    _sign_on_paper(pledge, coordinator=coordinator, signed=at(start, 3, 15))
    if state == Pledge.Status.CONCLUDED:
        pledge.conclude(by=coordinator, note="Perioden är slut. (Demo.)", at=at(end + 1, 2, 1))
    return pledge


# The crowd: enough fictional pledges for the dashboards to show something on the first
# `make run` (issue 16). Every actor kind, several municipalities, every pledge status;
# the follow-up demo reports on them in two rounds. Chosen with a fixed seed, each
# pledge by its own, so what one pledge gets never depends on what was loaded before.
SEED = 16

K = Actor.Kind
# (name, kind) in Kronoberg; each is placed in one of the county's municipalities
# (actors/data/kommuner-kronoberg.csv), in turn.
KRONOBERG_CROWD = [
    ("Ekbacka kommun (fiktiv)", K.MUNICIPALITY),
    ("Lövsjö kommun (fiktiv)", K.MUNICIPALITY),
    ("Region Sydskogen (fiktiv)", K.REGION),
    ("Kollektivtrafiken i Sydskogen (fiktiv)", K.REGION),
    ("Granhults Mekaniska AB (fiktiv)", K.COMPANY),
    ("Björkviks Livs AB (fiktiv)", K.COMPANY),
    ("Mossens Åkeri AB (fiktiv)", K.COMPANY),
    ("Tallåsa Trä AB (fiktiv)", K.COMPANY),
    ("Bostadsbolaget Ekbackahem (fiktiv)", K.COMPANY),
    ("Energirådgivarna i Ekbacka (fiktiv)", K.ENERGY_OFFICE),
    ("Lövsjö energi- och klimatrådgivning (fiktiv)", K.ENERGY_OFFICE),
    ("Skogsvårdsmyndigheten i Sydskogen (fiktiv)", K.AUTHORITY),
    ("Trafikkontoret i Lövsjö (fiktiv)", K.AUTHORITY),
    ("Lindängens gymnasium (fiktiv)", K.SCHOOL),
    ("Högskolan i Sydskogen (fiktiv)", K.SCHOOL),
    ("Ekbacka förskolor (fiktiv)", K.SCHOOL),
    ("Föreningen Levande Sjöar (fiktiv)", K.ASSOCIATION),
    ("Naturklubben i Lövsjö (fiktiv)", K.ASSOCIATION),
    ("Hushållningsgillet i Sydskogen (fiktiv)", K.ASSOCIATION),
    ("Bygdegårdsföreningen i Granhult (fiktiv)", K.ASSOCIATION),
    ("Stiftelsen Gröna Gårdar (fiktiv)", K.OTHER),
    ("Församlingens fastigheter i Lövsjö (fiktiv)", K.OTHER),
]
KALMAR_CROWD = [
    ("Strandby kommun (fiktiv)", K.MUNICIPALITY),
    ("Region Östersjökusten (fiktiv)", K.REGION),
    ("Kalkbrottet i Alvarby AB (fiktiv)", K.COMPANY),
    ("Sundets Färjor AB (fiktiv)", K.COMPANY),
    ("Skärgårdsskolan (fiktiv)", K.SCHOOL),
    ("Föreningen Rent Sund (fiktiv)", K.ASSOCIATION),
    ("Hamnmyndigheten i Strandby (fiktiv)", K.AUTHORITY),
    ("Stiftelsen Alvarets Vänner (fiktiv)", K.OTHER),
]

S = Pledge.Status
# The periods and statuses of the crowd's pledges, given to the actors in turn: the
# first round of them to every actor once, the rest to the first actors again, so an
# actor's second pledge is a later one (its renewal). Signed pledges of 2020–2026 are
# followed up by followup/demo.py (halfway, final); accepted final reports conclude them.
KRONOBERG_PERIODS = (
    [(2020, 2023, S.SIGNED)] * 8
    + [(2021, 2024, S.SIGNED)] * 8
    + [(2023, 2026, S.SIGNED)] * 4
    + [(2024, 2027, S.SIGNED)] * 4
    + [(2025, 2028, S.SIGNED)] * 6
    + [(2026, 2029, S.SIGNED)] * 3
    + [(2027, 2030, S.DRAFT)] * 2
    + [(2026, 2029, S.IN_REVIEW)] * 2
    + [(2025, 2028, S.WITHDRAWN)]
)
KALMAR_PERIODS = (
    [(2022, 2025, S.SIGNED)] * 3 + [(2023, 2026, S.SIGNED)] * 3 + [(2024, 2027, S.SIGNED)] * 2
)

# Measures the crowd's pledges pick from: (heading, text, links, link text, indicator).
NOTE = "(Fiktivt exempel.)"
KRONOBERG_POOL = [
    (
        "Fossilfria arbetsfordon",
        f"Vi byter våra arbetsfordon mot fordon som drivs med el eller biogas. {NOTE}",
        [("Klimat och energi", "2", True), ("Klimat och energi", "63", False)],
        "",
        ("ton CO₂e", Decimal(120), Decimal(60)),
    ),
    (
        "Energieffektiva lokaler",
        f"Vi minskar energianvändningen i våra lokaler med en fjärdedel. {NOTE}",
        [("Klimat och energi", "22", True), ("Klimat och energi", "26", False)],
        "",
        ("kWh", Decimal(480000), Decimal(360000)),
    ),
    (
        "Mindre matsvinn",
        f"Vi mäter och halverar matsvinnet i våra kök. {NOTE}",
        [("Hållbar konsumtion", "12", True)],
        "",
        None,
    ),
    (
        "Klimatsmarta tjänsteresor",
        f"Vi ersätter flygresor med tåg och möten på distans. {NOTE}",
        [("Klimat och energi", "14", False), ("Klimat och energi", "15", True)],
        "",
        ("ton CO₂e", Decimal(40), Decimal(20)),
    ),
    (
        "Laddplatser",
        f"Vi bygger laddplatser för personal och besökare. {NOTE}",
        [("Klimat och energi", "16", True)],
        "",
        ("laddplatser", Decimal(0), Decimal(12)),
    ),
    (
        "Cirkulära inköp",
        f"Vi ställer krav på återbrukat och återvunnet material när vi köper in. {NOTE}",
        [("Hållbar konsumtion", "14", True)],
        "",
        None,
    ),
    (
        "Restvärme",
        f"Vi tar tillvara restvärmen från vår verksamhet. {NOTE}",
        [("Klimat och energi", "43", False), ("Klimat och energi", "48", True)],
        "",
        ("kWh", Decimal(0), Decimal(150000)),
    ),
    (
        "Klimatkunskap",
        f"All personal går en utbildning om klimat och miljömål. {NOTE}",
        [],
        "",
        None,
    ),
    (
        "Solel",
        f"Vi sätter solceller på våra tak. {NOTE}",
        [("Klimat och energi", "36", True)],
        "",
        None,
    ),
]
KALMAR_POOL = [
    (
        "Samordnade leveranser",
        f"Vi samordnar leveranser så att tomkörningarna minskar. {NOTE}",
        [("Hållbara transporter", "1", True), ("Hållbara transporter", "2", False)],
        "",
        ("ton CO₂e", Decimal(90), Decimal(60)),
    ),
    (
        "Renare dagvatten",
        f"Vi anlägger en dagvattendamm vid vår anläggning. {NOTE}",
        [("Vatten och hav", "2", True)],
        "",
        None,
    ),
    (
        "Elbåtar och elbussar",
        f"Vi ersätter dieseldrivna fordon och båtar med eldrivna. {NOTE}",
        [("Hållbara transporter", "3", True)],
        "",
        ("kWh", Decimal(0), Decimal(90000)),
    ),
    (
        "Cykla till jobbet",
        f"Vi gör det lättare för personalen att cykla till arbetet. {NOTE}",
        [("Hållbara transporter", "2", True)],
        "",
        None,
    ),
]

# Which environmental objectives and global goals (numbers in pledges/data/*.csv) the
# demo's programme measures serve, by theme: the national view compares counties by
# objective, and the demo's programmes are otherwise numbers without content.
THEME_GOALS = {
    "Klimat och energi": ((1,), (7, 13)),
    "Hållbar konsumtion": ((0, 4), (12,)),
    "Hållbara transporter": ((1, 2), (11, 13)),
    "Vatten och hav": ((7, 10), (6, 14)),
}


@dataclass(frozen=True)
class CrowdPledge:
    county: str
    actor: str
    start: int
    end: int
    state: str

    @property
    def slug(self) -> str:
        return slugify(f"{self.actor} {self.start}")


def crowd_plan() -> list[CrowdPledge]:
    """The crowd's pledges, the same every time."""
    plan = []
    for code, crowd, periods in (
        ("07", KRONOBERG_CROWD, KRONOBERG_PERIODS),
        ("08", KALMAR_CROWD, KALMAR_PERIODS),
    ):
        for index, (start, end, state) in enumerate(periods):
            plan.append(CrowdPledge(code, crowd[index % len(crowd)][0], start, end, state))
    return plan


def crowd_measures(spec: CrowdPledge) -> list[tuple]:
    pool = KRONOBERG_POOL if spec.county == "07" else KALMAR_POOL
    chooser = random.Random(f"{SEED}:{spec.slug}")  # noqa: S311 (demo data, not secrets)
    picked = chooser.sample(range(len(pool)), k=chooser.randint(2, min(4, len(pool))))
    return [pool[i] for i in sorted(picked)]


def _crowd_actors() -> dict[str, Actor]:
    kronoberg_municipalities = sorted(municipality_names())
    # The Kalmar municipalities the demo already uses (there is no reference list of
    # Kalmar's municipalities in the portal).
    kalmar_municipalities = sorted({a[3] for a in FICTIONAL_ACTORS if a[0] == "08"})
    actors = {}
    for code, crowd, municipalities in (
        ("07", KRONOBERG_CROWD, kronoberg_municipalities),
        ("08", KALMAR_CROWD, kalmar_municipalities),
    ):
        county = County.objects.get(code=code)
        for index, (name, kind) in enumerate(crowd):
            actors[name], _ = Actor.objects.get_or_create(
                slug=slugify(name),
                defaults={
                    "county": county,
                    "name": name,
                    "kind": kind,
                    "municipality": municipalities[index % len(municipalities)],
                    "description": f"{name} är en påhittad aktör i portalens demodata.",
                },
            )
    return actors


def _serve_objectives(programme: Programme) -> None:
    """Link the programme's measures to objectives and goals by theme, where they have none."""
    unserved = list(
        ProgrammeMeasure.objects.filter(
            theme__programme=programme,
            theme__name__in=THEME_GOALS,
            objectives__isnull=True,
            global_goals__isnull=True,
        ).select_related("theme")
    )
    if not unserved:
        return
    objectives = {o.number: o for o in EnvironmentalObjective.objects.all()}
    goals = {g.number: g for g in GlobalGoal.objects.all()}
    for pm in unserved:
        objective_numbers, goal_numbers = THEME_GOALS[pm.theme.name]
        pm.objectives.add(*(objectives[n] for n in objective_numbers))
        pm.global_goals.add(*(goals[n] for n in goal_numbers))


def load_crowd(*, programmes: dict[str, Programme], coordinators: dict[str, User]) -> None:
    actors = _crowd_actors()
    for programme in programmes.values():
        _serve_objectives(programme)
    for spec in crowd_plan():
        _fictional_pledge(
            actors[spec.actor],
            programmes[spec.county],
            crowd_measures(spec),
            spec.start,
            spec.end,
            spec.state,
            coordinator=coordinators[spec.county],
        )


@transaction.atomic
def load_demo() -> dict[str, User]:
    load_counties(County)
    load_objectives_and_goals(EnvironmentalObjective, GlobalGoal)

    admin = _user("admin", is_staff=True, is_superuser=True)
    coordinator = _user("coordinator")
    coordinator_kalmar = _user("coordinator_kalmar")
    editor = _user("editor")
    editor_b = _user("editor_b")
    signatory = _user("signatory")
    governor = _user("governor")

    kronoberg = County.objects.get(code="07")
    kalmar = County.objects.get(code="08")
    CountyRole.objects.get_or_create(user=coordinator, county=kronoberg)
    CountyRole.objects.get_or_create(user=coordinator_kalmar, county=kalmar)
    # Staff sign in with a second factor: the demo's have an authenticator app each
    # (no phone holds it: `load_demo` prints recovery codes to sign in with).
    for staff in (admin, coordinator, coordinator_kalmar):
        second_factor.ensure_app_device(staff)

    reference = load_reference_pledge(coordinator)
    kronoberg.refresh_from_db()
    Membership.objects.get_or_create(
        user=editor, actor=reference.actor, role=Membership.Role.EDITOR
    )
    Membership.objects.get_or_create(
        user=signatory,
        actor=reference.actor,
        role=Membership.Role.SIGNATORY,
        defaults={"confirmed_by": coordinator},
    )

    _update(kalmar, **KALMAR_TEXTS)
    kalmar.set_governor(**KALMAR_GOVERNOR, by=coordinator_kalmar)
    kronoberg_programme = Programme.objects.get(county=kronoberg)
    kalmar_programme = _programme(
        kalmar, "Åtgärdsprogram för miljömålen (demo)", (2022, 2026), KALMAR_PROGRAMME_MEASURES
    )

    actors = {}
    for code, name, kind, municipality, orgnr in FICTIONAL_ACTORS:
        actors[name], _ = Actor.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "county": County.objects.get(code=code),
                "name": name,
                "kind": kind,
                "municipality": municipality,
                "organisation_number": orgnr,
                "description": f"{name} är en påhittad aktör i portalens demodata.",
            },
        )
    Membership.objects.get_or_create(
        user=editor_b, actor=actors["Sjöbyns Bygg AB (fiktiv)"], role=Membership.Role.EDITOR
    )

    S = Pledge.Status
    plan = [
        ("Sjöbyns Bygg AB (fiktiv)", 2024, 2027, S.SIGNED),
        ("Sjöbyns Bygg AB (fiktiv)", 2027, 2030, S.DRAFT),
        ("Skogsdala skola (fiktiv)", 2025, 2028, S.IN_REVIEW),
        ("Föreningen Rena Ån (fiktiv)", 2020, 2023, S.CONCLUDED),
        ("Glasbruket i Granby AB (fiktiv)", 2026, 2029, S.APPROVED),
        ("Glasbruket i Granby AB (fiktiv)", 2022, 2025, S.WITHDRAWN),
        ("Kustens Transport AB (fiktiv)", 2023, 2026, S.SIGNED),
        ("Kustens Transport AB (fiktiv)", 2026, 2029, S.DRAFT),
        ("Ölandsbyns Energi (fiktiv)", 2025, 2028, S.IN_REVIEW),
    ]
    for name, start, end, state in plan:
        actor = actors[name]
        kronoberg_actor = actor.county_id == kronoberg.pk
        _fictional_pledge(
            actor,
            kronoberg_programme if kronoberg_actor else kalmar_programme,
            KRONOBERG_EXAMPLE_MEASURES if kronoberg_actor else KALMAR_EXAMPLE_MEASURES,
            start,
            end,
            state,
            coordinator=coordinator if kronoberg_actor else coordinator_kalmar,
        )
    load_crowd(
        programmes={"07": kronoberg_programme, "08": kalmar_programme},
        coordinators={"07": coordinator, "08": coordinator_kalmar},
    )
    return {
        "admin": admin,
        "coordinator": coordinator,
        "coordinator_kalmar": coordinator_kalmar,
        "editor": editor,
        "editor_b": editor_b,
        "signatory": signatory,
        "governor": governor,
    }
