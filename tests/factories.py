import datetime

import factory
from factory.django import DjangoModelFactory

from actors.models import Actor, County, CountyRole, Membership, User
from actors.reference import load_counties
from followup.models import MeasureReport, Report, Round
from pledges.models import (
    Measure,
    MeasureLink,
    Party,
    Pledge,
    Programme,
    ProgrammeMeasure,
    Signatory,
    Theme,
)

# The password of every user the factories make.
PASSWORD = "losenord-for-test"


def county(code="07") -> County:
    """The counties come from the data migration; tests use them rather than make new ones.

    A transactional test empties the database after it, data migrations' rows too:
    a later one finds no counties, and loads them from the reference file again.
    """
    if not County.objects.filter(code=code).exists():
        load_counties(County)
    return County.objects.get(code=code)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="sv_SE")
    password = factory.django.Password(PASSWORD)


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = Actor

    county = factory.LazyFunction(county)
    name = factory.Sequence(lambda n: f"Testaktör {n} AB")
    slug = factory.Sequence(lambda n: f"testaktor-{n}")
    kind = Actor.Kind.COMPANY
    description = "En aktör i testerna."


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    actor = factory.SubFactory(ActorFactory)
    role = Membership.Role.EDITOR


class CountyRoleFactory(DjangoModelFactory):
    class Meta:
        model = CountyRole

    user = factory.SubFactory(UserFactory)
    county = factory.LazyFunction(county)
    role = CountyRole.Role.COORDINATOR


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    county = factory.LazyFunction(county)
    name = factory.Sequence(lambda n: f"Åtgärdsprogram {n}")
    start_year = 2021
    end_year = 2026


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Tema {n}")


class ProgrammeMeasureFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeMeasure

    theme = factory.SubFactory(ThemeFactory)
    number = factory.Sequence(lambda n: str(n + 1))


class PledgeFactory(DjangoModelFactory):
    class Meta:
        model = Pledge

    actor = factory.SubFactory(ActorFactory)
    county = factory.SelfAttribute("actor.county")
    start_year = 2024
    end_year = 2027
    introduction = "Vi arbetar för en hållbar framtid."
    signing_place = "Växjö"


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = Measure

    pledge = factory.SubFactory(PledgeFactory)
    party = Party.ACTOR
    order = factory.Sequence(int)
    heading = factory.Sequence(lambda n: f"Åtgärdsrubrik {n}")
    text = "Vi ska göra något bra för miljön."


class MeasureLinkFactory(DjangoModelFactory):
    class Meta:
        model = MeasureLink

    measure = factory.SubFactory(MeasureFactory)
    programme_measure = factory.SubFactory(ProgrammeMeasureFactory)


class SignatoryFactory(DjangoModelFactory):
    class Meta:
        model = Signatory

    pledge = factory.SubFactory(PledgeFactory)
    party = Party.ACTOR
    name = factory.Faker("name", locale="sv_SE")
    title = "Vd"
    organisation = factory.SelfAttribute("pledge.actor.name")


def signed_pledge(**kwargs) -> Pledge:
    """A pledge taken through the workflow to signed, as the portal would."""
    return pledge_in_status(Pledge.Status.SIGNED, **kwargs)


def sign_on_paper(pledge: Pledge, *, by: User):
    """Every party of an approved pledge signs on paper today, recorded by `by` (a
    coordinator of its county) through the signing workflow; the last signature
    freezes the pledge. Returns its SignedVersion."""
    from django.utils import timezone

    from pledges.services import pledge_sign

    for signatory in pledge.signatories.all():
        pledge_sign(
            pledge=pledge,
            signatory=signatory,
            user=by,
            method=Signatory.Method.WET_INK,
            signed_on=timezone.localdate(),
        )
    pledge.refresh_from_db()
    return pledge.signed_version


def pledge_in_status(status: str, **kwargs) -> Pledge:
    """A pledge with a measure of each party and two signatories, taken through the
    workflow to `status`."""
    pledge = PledgeFactory(**kwargs)
    MeasureFactory(pledge=pledge, party=Party.ACTOR)
    MeasureFactory(pledge=pledge, party=Party.BOARD, heading="", text="Länsstyrelsen ska stödja.")
    SignatoryFactory(pledge=pledge, party=Party.ACTOR)
    SignatoryFactory(pledge=pledge, party=Party.BOARD, organisation=pledge.county.board_name)
    if status == Pledge.Status.DRAFT:
        return pledge
    if status == Pledge.Status.WITHDRAWN:
        pledge.withdraw(by=None)
        return pledge
    pledge.submit_for_review(by=None)
    if status == Pledge.Status.IN_REVIEW:
        return pledge
    pledge.approve(by=None)
    if status == Pledge.Status.APPROVED:
        return pledge
    for signatory in pledge.signatories.all():
        signatory.record_signature(method=Signatory.Method.PORTAL)
    pledge.mark_signed()
    if status == Pledge.Status.CONCLUDED:
        pledge.conclude(note="Perioden är slut.")
    return pledge


def signed_pledge_with(actor, n, *, indicator_every=2, **kwargs):
    """A signed pledge with `n` actor measures (every `indicator_every`th with an indicator)
    and one of the board's."""
    pledge = pledge_in_status(Pledge.Status.DRAFT, actor=actor, **kwargs)
    for i in range(1, n):
        values = {}
        if indicator_every and i % indicator_every == 0:
            values = {
                "indicator_unit": "ton CO₂e",
                "indicator_baseline": 100,
                "indicator_target": 50,
            }
        MeasureFactory(pledge=pledge, party=Party.ACTOR, heading=f"Åtgärd {i + 1}", **values)
    pledge.submit_for_review(by=None)
    pledge.approve(by=None)
    for signatory in pledge.signatories.all():
        signatory.record_signature(method=Signatory.Method.PORTAL)
    pledge.mark_signed()
    return pledge


# Follow-up: rounds and reports ------------------------------------------------------


def make_round(county, kind=Round.Kind.HALFWAY, due=datetime.date(2025, 6, 30), **values):
    values.setdefault("title", f"{Round.Kind(kind).label} {due.year}")
    values.setdefault("opens", due - datetime.timedelta(days=60))
    return Round.objects.create(county=county, kind=kind, due=due, **values)


def fill(report, status=MeasureReport.Status.DONE, party=None, **values):
    """Give every measure report (of `party`, or all) a status, as the reporter would."""
    for mr in report.measure_reports.select_related("measure"):
        if party is None or mr.measure.party == party:
            mr.status = status
            for field, value in values.items():
                setattr(mr, field, value)
            mr.save()


def report_in_status(status, report, *, editor=None, coordinator=None):
    """Take `report` through the workflow to `status`."""
    if status == Report.Status.NOT_STARTED:
        return report
    report.save_draft(by=editor, expected_revision=report.revision)
    if status == Report.Status.DRAFT:
        return report
    fill(report)
    report.submit(by=editor)
    if status == Report.Status.SUBMITTED:
        return report
    if status == Report.Status.ACCEPTED:
        report.accept(by=coordinator)
        return report
    report.request_changes(by=coordinator, note="Komplettera åtgärd 1.")
    return report


def with_authenticator_app(user):
    """`user` as a member of staff who has added an authenticator app (the second factor
    that coordinators must have): the real login then asks for its code
    (tests/browser/pages.py types it)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    return user
