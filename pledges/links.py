"""The one-time signing links e-mailed to a signatory's confirmed address: the token,
and the signatory it names while the approved text and the address still hold."""

from django.core import signing
from django.utils.crypto import salted_hmac

from .models import (
    Signatory,
)

LINK_SALT = "pledges.signing-link"


LINK_MAX_AGE = 30 * 24 * 60 * 60  # a month: signatories are busy people


def _address_digest(email: str) -> str:
    # The link names the address it was sent to without carrying it in the clear.
    return salted_hmac(LINK_SALT, email.lower()).hexdigest()[:20]


def signing_token(signatory: Signatory) -> str:
    """A link for one signatory, the text as approved and the confirmed address it is
    sent to: a pledge sent back to draft and approved again has a new revision, and a
    changed address a new digest, and the old links stop working."""
    confirmed = signatory.confirmed_address()
    if confirmed is None:
        raise ValueError(f"{signatory} has no confirmed address to send a link to")
    return signing.dumps(
        [signatory.pk, signatory.pledge.revision, _address_digest(confirmed.email)],
        salt=LINK_SALT,
    )


def signing_link(token: str) -> tuple[Signatory, str] | None:
    """The signatory a link is for and the confirmed address it went to, while both hold."""
    try:
        pk, revision, digest = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):  # also SignatureExpired
        return None
    signatory = (
        Signatory.objects.select_related("pledge__county", "pledge__actor")
        .filter(pk=pk, pledge__revision=revision)
        .first()
    )
    confirmed = signatory.confirmed_address() if signatory is not None else None
    if confirmed is None or _address_digest(confirmed.email) != digest:
        return None
    return signatory, confirmed.email


def signatory_from_token(token: str) -> Signatory | None:
    link = signing_link(token)
    return link[0] if link else None
