"""Every database constraint refuses the rows it is there to refuse.

The database is the last line: these writes bypass the models' clean() and
the workflow methods, as a bug, a script or a concurrent request might.
"""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from actors.models import Actor, County, CountyRole, Invitation, Membership, User
from pledges.models import (
    Measure,
    MeasureLink,
    Party,
    Pledge,
    Programme,
    ProgrammeMeasure,
    Signatory,
    SignedVersion,
    Theme,
)
from tests import factories
from tests.helpers import assert_refused

NOW = timezone.now()


@pytest.fixture
def world(actor_a, coordinator, kalmar):
    """A draft and a signed pledge of actor A, with a measure linked to the programme."""
    draft = factories.pledge_in_status(
        Pledge.Status.DRAFT, actor=actor_a, start_year=2030, end_year=2033
    )
    signed = factories.pledge_in_status(
        Pledge.Status.SIGNED, actor=actor_a, start_year=2020, end_year=2023
    )
    link = factories.MeasureLinkFactory(
        measure=factories.MeasureFactory(pledge=draft),
        programme_measure=factories.ProgrammeMeasureFactory(
            theme=factories.ThemeFactory(programme=factories.ProgrammeFactory())
        ),
    )
    return {
        "draft": draft,
        "signed": signed,
        "link": link,
        "actor": actor_a,
        "coordinator": coordinator,
        "kalmar": kalmar,
    }


def update_pledge(pledge, **values):
    Pledge.objects.filter(pk=pledge.pk).update(**values)


def a_signatory(pledge, **values):
    return Signatory.objects.create(
        pledge=pledge, party=Party.ACTOR, name="N N", title="Vd", organisation="Org", **values
    )


def an_invitation(world, **values):
    invitee = User.objects.get_or_create(email="invitee@example.org")[0]
    return Invitation.objects.create(user=invitee, actor=world["actor"], role="editor", **values)


def copy_actor(actor, **values):
    fields = {"county": actor.county, "name": "Ny aktör", "slug": "ny-aktor", "kind": actor.kind}
    return Actor.objects.create(**{**fields, **values})


# constraint name -> a write that breaks it (and nothing else).
VIOLATIONS = {
    # actors
    "actor_unique_orgnr_per_county": lambda w: (
        copy_actor(w["actor"], organisation_number="556036-0793"),
        copy_actor(w["actor"], organisation_number="556036-0793", name="Tvilling", slug="tv"),
    ),
    "actor_unique_name_per_county": lambda w: copy_actor(w["actor"], name=w["actor"].name),
    "membership_unique": lambda w: [
        Membership.objects.create(user=w["coordinator"], actor=w["actor"], role="editor")
        for _ in range(2)
    ],
    "countyrole_unique": lambda w: CountyRole.objects.create(
        user=w["coordinator"], county=w["actor"].county, role="coordinator"
    ),
    "invitation_answered_unless_pending": lambda w: an_invitation(w, status="accepted"),
    "invitation_one_pending": lambda w: (an_invitation(w), an_invitation(w)),
    # pledges: the programme
    "programme_period_order": lambda w: factories.ProgrammeFactory(start_year=2026, end_year=2021),
    "programme_years_in_range": lambda w: factories.ProgrammeFactory(
        start_year=1990, end_year=1994
    ),
    "programme_unique_name": lambda w: Programme.objects.create(
        county=w["link"].programme_measure.theme.programme.county,
        name=w["link"].programme_measure.theme.programme.name,
        start_year=2020,
        end_year=2024,
    ),
    "theme_unique_name": lambda w: Theme.objects.create(
        programme=w["link"].programme_measure.theme.programme,
        name=w["link"].programme_measure.theme.name,
    ),
    "programmemeasure_unique": lambda w: (
        ProgrammeMeasure.objects.create(theme=w["link"].programme_measure.theme, number="7b"),
        # The same number in another case ("7B" is 7b).
        ProgrammeMeasure.objects.create(theme=w["link"].programme_measure.theme, number="7B"),
    ),
    # pledges: the pledge and its status timestamps
    "pledge_period_order": lambda w: update_pledge(w["draft"], end_year=2029),
    "pledge_years_in_range": lambda w: update_pledge(w["draft"], start_year=1900),
    "pledge_status_valid": lambda w: update_pledge(w["draft"], status="published"),
    "pledge_previous_has_change": lambda w: update_pledge(w["draft"], previous=w["signed"]),
    "pledge_approved_has_timestamp": lambda w: update_pledge(w["draft"], status="approved"),
    "pledge_signed_has_timestamp": lambda w: update_pledge(w["signed"], signed_at=None),
    "pledge_concluded_has_timestamp": lambda w: update_pledge(w["signed"], status="concluded"),
    "pledge_withdrawn_has_timestamp": lambda w: update_pledge(w["draft"], status="withdrawn"),
    "pledge_unsigned_has_no_later_timestamps": lambda w: update_pledge(w["draft"], signed_at=NOW),
    # pledges: measures, links, signatories
    "measure_indicator_has_unit": lambda w: Measure.objects.create(
        pledge=w["draft"], text="Mät något.", indicator_target=10
    ),
    "measurelink_unique": lambda w: MeasureLink.objects.create(
        measure=w["link"].measure, programme_measure=w["link"].programme_measure
    ),
    "signatory_method_iff_signed": lambda w: a_signatory(w["draft"], method="portal"),
    "signedversion_rendered_has_hash": lambda w: SignedVersion.objects.create(
        pledge=w["signed"], content={}, sha256="0" * 64
    ),
}

# Further writes each refused by a constraint already listed above.
MORE_VIOLATIONS = {
    "a signed pledge without signed_at, made signed": (
        "pledge_signed_has_timestamp",
        lambda w: update_pledge(w["draft"], status="signed", approved_at=None),
    ),
    "a concluded pledge without signed_at": (
        "pledge_signed_has_timestamp",
        lambda w: update_pledge(w["signed"], status="concluded", concluded_at=NOW, signed_at=None),
    ),
    "a draft with a withdrawal time": (
        "pledge_unsigned_has_no_later_timestamps",
        lambda w: update_pledge(w["draft"], withdrawn_at=NOW),
    ),
    "a pledge ending after 2100": (
        "pledge_years_in_range",
        lambda w: update_pledge(w["draft"], end_year=3100),
    ),
    "a programme ending after 2100": (
        "programme_years_in_range",
        lambda w: factories.ProgrammeFactory(start_year=2095, end_year=2101),
    ),
    "a measure's baseline without a unit": (
        "measure_indicator_has_unit",
        lambda w: Measure.objects.create(pledge=w["draft"], text="x", indicator_baseline=1),
    ),
    "a signature time without a method": (
        "signatory_method_iff_signed",
        lambda w: a_signatory(w["draft"], signed_at=NOW),
    ),
    "a method on a signatory that then loses its time": (
        "signatory_method_iff_signed",
        lambda w: Signatory.objects.filter(pledge=w["signed"]).update(signed_at=None),
    ),
}

# Unique fields (not named constraints).
UNIQUE_FIELDS = {
    "duplicate pledge slug": lambda w: factories.PledgeFactory(
        actor=w["actor"], slug=w["draft"].slug, start_year=2040, end_year=2041
    ),
    "duplicate actor slug": lambda w: copy_actor(w["actor"], slug=w["actor"].slug),
    "duplicate county slug": lambda w: County.objects.filter(pk=w["kalmar"].pk).update(
        slug=w["actor"].county.slug
    ),
    "duplicate county code": lambda w: County.objects.filter(pk=w["kalmar"].pk).update(
        code=w["actor"].county.code
    ),
    "duplicate user e-mail": lambda w: User.objects.create_user(email=w["coordinator"].email),
    "duplicate objective number": lambda w: apps.get_model(
        "pledges", "EnvironmentalObjective"
    ).objects.create(number=0, name_sv="x", name_en="x"),
}


def declared_constraints():
    # followup's constraints have their own list, in tests/followup/test_constraints.py.
    for app in ("actors", "pledges"):
        for model in apps.get_app_config(app).get_models():
            yield from model._meta.constraints


def test_every_declared_constraint_has_a_violation_below():
    assert {c.name for c in declared_constraints()} == set(VIOLATIONS)


@pytest.mark.parametrize("name", list(VIOLATIONS))
def test_constraint_is_enforced(world, name):
    assert_refused(VIOLATIONS[name], world, name)


@pytest.mark.parametrize("case", list(MORE_VIOLATIONS))
def test_more_violations_are_refused(world, case):
    name, write = MORE_VIOLATIONS[case]
    assert_refused(write, world, name)


@pytest.mark.parametrize("case", list(UNIQUE_FIELDS))
def test_unique_field_is_enforced(world, case):
    assert_refused(UNIQUE_FIELDS[case], world)


def test_a_refused_write_changes_nothing(world):
    before = Pledge.objects.values_list("pk", "status", "end_year").order_by("pk")
    before = list(before)
    assert_refused(VIOLATIONS["pledge_period_order"], world, "pledge_period_order")
    after = list(Pledge.objects.values_list("pk", "status", "end_year").order_by("pk"))
    assert after == before


def test_rows_the_conditional_constraints_allow(world):
    """What the constraints must not refuse: their conditions are part of the rule."""
    actor = world["actor"]
    # Many actors without an organisation number; the same number in two counties.
    copy_actor(actor, name="Utan nummer 1", slug="u1")
    copy_actor(actor, name="Utan nummer 2", slug="u2")
    copy_actor(actor, name="I Kronoberg", slug="k", organisation_number="556036-0793")
    copy_actor(
        actor, county=world["kalmar"], name="I Kalmar", slug="km", organisation_number="556036-0793"
    )
    # The same name in another county.
    copy_actor(actor, county=world["kalmar"], name=actor.name, slug="samma-namn")
    # A one-year pledge; an indicator with a unit; a withdrawn signed pledge keeps signed_at.
    factories.PledgeFactory(actor=actor, start_year=2050, end_year=2050)
    # The first and the last years there are.
    factories.PledgeFactory(actor=actor, start_year=2000, end_year=2003)
    factories.PledgeFactory(actor=actor, start_year=2100, end_year=2100)
    factories.ProgrammeFactory(start_year=2000, end_year=2100)
    Measure.objects.create(
        pledge=world["draft"], text="x", indicator_unit="ton", indicator_target=3
    )
    world["signed"].withdraw(by=None)
    assert world["signed"].signed_at is not None
    # A declined invitation, asked again; an accepted one beside them.
    an_invitation(world, status="declined", answered_at=NOW)
    an_invitation(world)
    an_invitation(world, status="accepted", answered_at=NOW)
    # A signatory who has signed, with both method and time.
    a_signatory(world["draft"], method="wet_ink", signed_at=NOW - datetime.timedelta(days=1))
