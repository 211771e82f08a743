"""Workflows of the actors app that touch more than one object."""

from django.db import transaction

from .models import Actor, Membership, User


@transaction.atomic
def invite_member(
    *, actor: Actor, email: str, full_name: str, role: str, by=None
) -> tuple[Membership, bool]:
    """Give the person with `email` the `role` at `actor`, creating their account if needed.

    A new account has no usable password: the person signs in with the link
    the invitation e-mails, and may choose a password afterwards. Returns the
    membership and whether it is new. `by`, the coordinator inviting, is recorded
    as the one who confirmed the membership (for a signatory: who may sign).
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, full_name=full_name)
    elif not user.full_name and full_name:
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    membership, created = Membership.objects.get_or_create(
        user=user, actor=actor, role=role, defaults={"confirmed_by": by}
    )
    if not created and membership.confirmed_by is None and by is not None:
        membership.confirmed_by = by
        membership.save(update_fields=["confirmed_by"])
    return membership, created
