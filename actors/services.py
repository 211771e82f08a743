"""Workflows of the actors app that touch more than one object."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from .models import NOT_FOR_ACTORS, Actor, Invitation, Membership, User, normalise_address


@dataclass(frozen=True)
class Invited:
    """What inviting an address did: exactly one of `membership` and `invitation` is set."""

    user: User
    # The person acts for the actor now: a new account, or a member already.
    membership: Membership | None = None
    new_account: bool = False
    # The account exists and waits for its owner's answer.
    invitation: Invitation | None = None


@transaction.atomic
def invite_member(
    *, actor: Actor, email: str, full_name: str, role: str, invited_by: User | None
) -> Invited:
    """Ask the person with `email` to take the `role` at `actor`.

    An address without an account gets a new one, with the membership: its
    owner is whoever reads the invitation, and signs in with the link it
    e-mails (with no usable password; they may choose one afterwards). An
    existing account is someone's own, perhaps at another organisation or
    county: it gets a pending invitation and joins only when its owner accepts.
    Staff accounts and coordinators are refused (ValidationError).
    """
    email = normalise_address(email)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, full_name=full_name)
        membership = Membership.objects.create(
            user=user, actor=actor, role=role, confirmed_by=invited_by
        )
        return Invited(user=user, membership=membership, new_account=True)
    if not user.is_active:
        raise ValidationError(
            gettext(
                "Kontot för den här adressen är avstängt. Kontakta portalens administratör "
                "om det ska öppnas igen."
            ),
            code="inactive",
        )
    if not user.may_act_for_actors():
        raise ValidationError(NOT_FOR_ACTORS, code="not_for_actors")
    membership = Membership.objects.filter(user=user, actor=actor, role=role).first()
    if membership is not None:
        return Invited(user=user, membership=membership)
    # Asked again while the first waits: the same invitation, sent again.
    invitation, _created = Invitation.objects.pending().get_or_create(
        user=user, actor=actor, role=role, defaults={"invited_by": invited_by}
    )
    return Invited(user=user, invitation=invitation)
