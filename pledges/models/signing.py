"""Signing a pledge: its signatories and how each signed, the event row of every
status change and signature, and the signed version frozen when the last one signs."""

import datetime
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Membership
from actors.rules import coordinated_county_ids, is_national_admin

from ..exceptions import ContentLocked, TransitionError
from ..files import extension
from .pledges import Party, Pledge, _assert_content_editable
from .workflow import WorkflowEvent


def signature_scan_upload_to(instance, filename) -> str:
    """signatures/<random>.<type>: a name nobody can guess, saying nothing of the pledge
    or the person (the file is served under a readable name by the scan view)."""
    return f"signatures/{secrets.token_urlsafe(24)}.{extension(filename)}"


@dataclass(frozen=True)
class ConfirmedAddress:
    """The address a party's signatory signs with, and the coordinator who confirmed it."""

    email: str
    confirmed_by: object = None  # a User, or None when not known (created before it was kept)


class SignatoryQuerySet(models.QuerySet):
    def awaiting_signature_by(self, user):
        """The unsigned signatories of approved pledges that `user` is the confirmed
        person for: the actor's signatory members, the county's governor."""
        email = (getattr(user, "email", "") or "").lower()
        if not (user and user.is_authenticated and user.is_active and email):
            return self.none()
        is_signatory_member = Membership.objects.filter(
            actor_id=models.OuterRef("pledge__actor_id"),
            user=user,
            role=Membership.Role.SIGNATORY,
        )
        return self.alias(is_member=models.Exists(is_signatory_member)).filter(
            Q(party=Party.ACTOR, is_member=True)
            | Q(party=Party.BOARD, pledge__county__governor_email__iexact=email),
            pledge__status=Pledge.Status.APPROVED,
            signed_at__isnull=True,
            email__iexact=email,
        )


class SignatureMethod(models.TextChoices):
    """How a person signed (Signatory.Method)."""

    PORTAL = "portal", _("I portalen")
    LINK = "link", _("Via e-postlänk")
    WET_INK = "wet_ink", _("På papper (inskannat)")


class SignatureRecord(models.Model):
    """How a person signed and was identified: kept on the signatory while the signature
    stands, and on the signature's event for good (a return to draft clears the first)."""

    method = models.CharField(
        _("undertecknat"), max_length=10, choices=SignatureMethod.choices, blank=True
    )
    identified_as = models.EmailField(
        _("identifierad med adressen"),
        blank=True,
        help_text=_("Den bekräftade adressen: kontots, eller den som länken skickades till."),
    )
    address_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adressen bekräftad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scan = models.FileField(
        _("inskannad underskrift"), upload_to=signature_scan_upload_to, blank=True
    )

    class Meta:
        abstract = True

    def identification(self) -> str:
        """How the signer was identified, for the people working on the pledge (it names
        addresses and accounts, so it is never printed on the public document)."""
        confirmer = (
            str(self.address_confirmed_by)
            if self.address_confirmed_by
            else gettext("länsstyrelsen")
        )
        if self.method == SignatureMethod.PORTAL:
            return gettext(
                "inloggad med kontot %(email)s, en adress som %(confirmer)s har bekräftat"
            ) % {"email": self.identified_as, "confirmer": confirmer}
        if self.method == SignatureMethod.LINK:
            return gettext(
                "via länken som skickades till %(email)s, en adress som %(confirmer)s har bekräftat"
            ) % {"email": self.identified_as, "confirmer": confirmer}
        if self.method == SignatureMethod.WET_INK:
            by = {"by": str(self.recorded_by) if self.recorded_by else gettext("länsstyrelsen")}
            if self.scan:
                return gettext("på papper, registrerat av %(by)s med den inskannade sidan") % by
            return gettext("på papper, registrerat av %(by)s utan inskannad sida") % by
        return ""


class Signatory(SignatureRecord):
    """A person who signs a pledge for one of its parties.

    Who may sign is not whoever is named here: the address must be one the
    county's coordinator has confirmed for the party (Pledge.confirmed_addresses).
    Each signature records how the person was identified.
    """

    Method = SignatureMethod

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("löfte"), on_delete=models.CASCADE, related_name="signatories"
    )
    party = models.CharField(_("part"), max_length=10, choices=Party.choices)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("titel"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    email = models.EmailField(_("e-postadress"), blank=True)
    signed_at = models.DateTimeField(_("undertecknat den"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerat av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SignatoryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("undertecknare")
        verbose_name_plural = _("undertecknare")
        # The actor signs first, the county board second, as on the paper.
        ordering = ["pledge", "party", "order", "pk"]
        indexes = [
            # The workspace's "waiting for your signature": the unsigned signatories
            # named by the user's address, compared without case.
            models.Index(
                Upper("email"), condition=Q(signed_at__isnull=True), name="signatory_unsigned_email"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(method="", signed_at__isnull=True)
                | (~Q(method="") & Q(signed_at__isnull=False)),
                name="signatory_method_iff_signed",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.title}, {self.organisation}"

    SIGNATURE_FIELDS = frozenset(
        {"method", "signed_at", "signed_by", "scan", "identified_as", "address_confirmed_by"}
    )

    def save(self, *args, **kwargs):
        # Who signs is part of the text; that they have signed is not.
        update_fields = kwargs.get("update_fields")
        if not (update_fields and set(update_fields) <= self.SIGNATURE_FIELDS):
            _assert_content_editable(self.pledge_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _assert_content_editable(self.pledge_id)
        return super().delete(*args, **kwargs)

    @property
    def recorded_by(self):
        """Who recorded the signature: the signer in the portal, the coordinator for paper."""
        return self.signed_by

    @property
    def has_signed(self) -> bool:
        return self.signed_at is not None

    def confirmed_address(self, addresses=None) -> ConfirmedAddress | None:
        """This signatory's address if the county has confirmed it for the party, else None.

        `addresses` is the pledge's confirmed_addresses(), when read already for a page.
        """
        email = (self.email or "").lower()
        if not email:
            return None
        addresses = self.pledge.confirmed_addresses() if addresses is None else addresses
        confirmed = addresses.get(self.party, {})
        if email not in confirmed:
            return None
        return ConfirmedAddress(email, confirmed[email])

    def is_confirmed_person(self, user, addresses=None) -> bool:
        """Is `user` the person this signatory's confirmed address belongs to?"""
        if not (user and user.is_authenticated and user.is_active):
            return False
        if self.party == Party.ACTOR and (
            is_national_admin(user) or self.pledge.county_id in coordinated_county_ids(user)
        ):
            # The county board is the other party: its people never sign for the actor.
            return False
        confirmed = self.confirmed_address(addresses)
        return confirmed is not None and (user.email or "").lower() == confirmed.email

    def why_nobody_can_sign(self) -> str:
        """Why nobody can sign for this party yet, and what the coordinator does about it."""
        if self.party == Party.BOARD:
            return gettext(
                "Ingen kan underteckna för länsstyrelsen ännu: %(who)s har ingen bekräftad "
                "e-postadress. Miljömålssamordnaren för in landshövdingens adress under "
                "Landshövding i arbetsytan och anger samma adress här."
            ) % {"who": self.name}
        return gettext(
            "Ingen kan underteckna för %(actor)s ännu: %(who)s har ingen e-postadress som "
            "länsstyrelsen har bekräftat. Miljömålssamordnaren bjuder in personen som "
            "firmatecknare för aktören (under Aktörer i arbetsytan), med samma adress som här."
        ) % {"actor": self.organisation, "who": self.name}

    @transaction.atomic
    def record_signature(
        self,
        *,
        method,
        by=None,
        signed_on: datetime.date | None = None,
        identified_as: str = "",
        address_confirmed_by=None,
        scan: str = "",
    ):
        """Record that this person has signed. Refused unless the pledge is approved.

        Records what it is told: who may sign, and how they were identified, is the
        signing workflow's to decide (services.pledge_sign). A paper signature is
        dated `signed_on`, within the pledge's signing period; its event is stamped
        with the moment it is recorded, so the history stays in order.
        """
        if self.pledge.status != Pledge.Status.APPROVED:
            raise TransitionError(gettext("Bara ett godkänt löfte kan undertecknas."))
        if self.has_signed:
            raise TransitionError(gettext("%(name)s har redan undertecknat.") % {"name": self.name})
        now = timezone.now()
        if signed_on is not None:
            try:
                self.pledge.check_signed_on(signed_on)
            except ValidationError as refused:
                raise TransitionError(" ".join(refused.messages)) from refused
        self.method = self.Method(method)
        self.signed_at = (
            timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(12)))
            if signed_on is not None
            else now
        )
        self.signed_by = by
        self.identified_as = identified_as
        self.address_confirmed_by = address_confirmed_by
        self.scan = scan
        self.save(update_fields=sorted(self.SIGNATURE_FIELDS))
        PledgeEvent.objects.create(
            pledge=self.pledge,
            kind=PledgeEvent.Kind.SIGNATURE,
            signatory=self,
            by=by,
            at=now,
            note=str(self),
            method=self.method,
            signed_on=signed_on,
            identified_as=identified_as,
            address_confirmed_by=address_confirmed_by,
            scan=scan,
        )


class PledgeEvent(WorkflowEvent, SignatureRecord):
    """One step in a pledge's life: a status change or a signature.

    A signature's event keeps how the person was identified and the scan of a
    paper signature: when a return to draft clears the signatures, the events
    still say who signed what, and how.
    """

    class Kind(models.TextChoices):
        STATUS = "status", _("Statusändring")
        SIGNATURE = "signature", _("Underskrift")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    from_status = models.CharField(
        _("från"), max_length=20, choices=Pledge.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("till"), max_length=20, choices=Pledge.Status.choices, blank=True
    )
    # A signature's record.
    signatory = models.ForeignKey(
        Signatory,
        verbose_name=_("undertecknare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signature_events",
    )
    signed_on = models.DateField(_("undertecknat den"), null=True, blank=True)
    # The record's fields as the history labels them.
    method = models.CharField(_("hur"), max_length=10, choices=SignatureMethod.choices, blank=True)
    identified_as = models.EmailField(_("identifierad med adressen"), blank=True)

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        ordering = ["pledge", "at", "pk"]

    def __str__(self):
        if self.kind == self.Kind.SIGNATURE:
            return f"{self.pledge}: {self.get_kind_display()} ({self.note})"
        return f"{self.pledge}: {self.status_change()}"

    @property
    def recorded_by(self):
        return self.by


def _verification_code() -> str:
    # Ten characters from an alphabet without look-alikes (0/O, 1/I/L): printed on
    # paper and typed back by people, hard to guess (about 50 bits).
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class SignedVersionQuerySet(models.QuerySet):
    def published(self):
        """The versions anyone may look up by their code: those of published pledges."""
        return self.filter(pledge__status__in=Pledge.PUBLISHED_STATUSES)


class SignedVersion(models.Model):
    """What was signed, frozen when the last signature came in: the content as JSON
    (everything the PDF prints), the PDF itself and its SHA-256, and the short code
    printed on it that leads to the public verification page."""

    pledge = models.OneToOneField(
        Pledge, verbose_name=_("löfte"), on_delete=models.PROTECT, related_name="signed_version"
    )
    content = models.JSONField(_("innehåll"))
    code = models.CharField(
        _("verifieringskod"), max_length=16, unique=True, default=_verification_code
    )
    pdf = models.FileField(_("PDF"), upload_to="signed/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("fryst"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("PDF skapad"), null=True, blank=True)
    # Stored with the file, so the public page can say how big it is without asking
    # the storage (a network round trip on S3) on every view.
    pdf_size = models.PositiveIntegerField(_("PDF:ens storlek (byte)"), null=True, blank=True)

    objects = SignedVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("undertecknad version")
        verbose_name_plural = _("undertecknade versioner")
        constraints = [
            models.CheckConstraint(
                condition=Q(rendered_at__isnull=True, sha256="")
                | Q(rendered_at__isnull=False) & ~Q(sha256=""),
                name="signedversion_rendered_has_hash",
            )
        ]

    def __str__(self):
        return f"{self.pledge} ({self.code})"

    def save(self, *args, **kwargs):
        # Frozen: once the PDF is stored, nothing about the version changes again.
        if self.pk and SignedVersion.objects.filter(pk=self.pk, rendered_at__isnull=False).exists():
            raise ContentLocked(gettext("En undertecknad version ändras aldrig."))
        super().save(*args, **kwargs)
        # Frozen, then its PDF rendered: the pledge's page links the PDF and says its size.
        self.pledge.public_pages_changed()

    def get_absolute_url(self):
        return reverse("pledges:verify", kwargs={"code": self.code})

    @staticmethod
    def normalise_code(typed: str) -> str:
        """A code as it is stored, from the way people type it back from paper:
        any case, with spaces or hyphens (or dashes a word processor made of them)."""
        return re.sub(r"[\s\-\u2010-\u2015]", "", typed).upper()

    def delete(self, *args, **kwargs):
        raise ContentLocked(gettext("En undertecknad version tas aldrig bort."))
