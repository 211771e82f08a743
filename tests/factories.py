import factory
from factory.django import DjangoModelFactory

from actors.models import Actor, County, CountyRole, Membership, User
from actors.reference import load_counties
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
    password = factory.django.Password("losenord-for-test")


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
