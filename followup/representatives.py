"""An actor's representatives: the active users who edit for it. The follow-up's
links go to them, and a link works only while its address is one of theirs."""

from django.contrib.auth import get_user_model

from actors.models import Membership


def representatives(actor_id):
    return get_user_model().objects.editors_of(actor_id)


def is_representative(actor_id, email) -> bool:
    return bool(email) and representatives(actor_id).filter(email__iexact=email).exists()


def represented_actor_ids():
    """Actors with at least one representative, as a subquery: `actor_id__in=`."""
    return Membership.objects.filter(role=Membership.Role.EDITOR, user__is_active=True).values(
        "actor_id"
    )
