"""Who may do what with counties and actors (django-rules predicates).

Views ask `user.has_perm("actors.manage_actor", actor)`; lists use the QuerySet
methods (`County.objects.coordinated_by(user)`), so both say the same thing.
"""

import operator
from functools import reduce

import rules
from django.db.models import Q

# A condition every row meets: Django leaves it out of the SQL.
EVERYTHING = ~Q(pk__in=[])


@rules.predicate
def is_national_admin(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def coordinated_county_ids(user) -> set[int]:
    """The counties `user` coordinates, read once per request."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    cached = getattr(user, "_coordinated_county_ids", None)
    if cached is None:
        from .models import CountyRole

        cached = set(CountyRole.objects.filter(user=user).values_list("county_id", flat=True))
        user._coordinated_county_ids = cached
    return cached


def member_actor_ids(user, role=None) -> set[int]:
    """The actors `user` acts for (in `role`, or any role), read once per request."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    cache = getattr(user, "_member_actor_ids", None)
    if cache is None:
        from .models import Membership

        cache = {}
        for actor_id, member_role in Membership.objects.filter(user=user).values_list(
            "actor_id", "role"
        ):
            cache.setdefault(member_role, set()).add(actor_id)
        user._member_actor_ids = cache
    if role is None:
        return set().union(*cache.values()) if cache else set()
    return cache.get(role, set())


def reach(user, *, county=None, actor=None, role=None) -> Q:
    """The rows `user` works with, as a Q over a model's `county` and `actor` fields
    (lookups such as "round__county_id"; either may be left out).

    The national administrator reaches every row, a coordinator their counties'
    rows, a member their actors' rows (as `role`, or in any role); anyone else none.
    """
    if is_national_admin(user):
        return EVERYTHING
    parts = []
    if county:
        parts.append(Q(**{f"{county}__in": coordinated_county_ids(user)}))
    if actor:
        parts.append(Q(**{f"{actor}__in": member_actor_ids(user, role)}))
    return reduce(operator.or_, parts)


@rules.predicate
def is_coordinator_of_county(user, county):
    return county is not None and county.pk in coordinated_county_ids(user)


@rules.predicate
def is_coordinator_of_actor(user, actor):
    return actor is not None and actor.county_id in coordinated_county_ids(user)


@rules.predicate
def is_member_of_actor(user, actor):
    return actor is not None and actor.pk in member_actor_ids(user)


@rules.predicate
def is_coordinator(user):
    return bool(coordinated_county_ids(user))


can_manage_county = is_national_admin | is_coordinator_of_county
can_manage_actor = is_national_admin | is_coordinator_of_actor

rules.add_perm("actors.coordinate", is_national_admin | is_coordinator)
rules.add_perm("actors.manage_county", can_manage_county)
rules.add_perm("actors.manage_actor", can_manage_actor)
rules.add_perm("actors.view_actor_workspace", can_manage_actor | is_member_of_actor)
