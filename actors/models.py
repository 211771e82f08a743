import contextlib
import secrets
import string
import unicodedata

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import ImageFieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .pagecache import actor_changed, county_changed
from .reference import municipality_names
from .rules import is_national_admin, reach
from .validators import normalise_organisation_number


def normalise_address(email: str | None) -> str:
    """An e-mail address as the accounts store it, logins look it up and login
    throttling counts it: "Karin@Example.ORG " is "karin@example.org".

    One function for all three, so that no way of typing an address finds the
    account without also counting towards its lock (NFKC as Django's login
    form applies it: "ｋarin" is "karin").
    """
    return unicodedata.normalize("NFKC", email or "").strip().lower()


def _logo_name(folder: str, filename: str) -> str:
    # A name of its own, never the uploaded one: two boards' "logo.png" are two files
    # (the storage writes a file at exactly the name it is given, settings.STORAGES).
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"{folder}/{secrets.token_urlsafe(16)}.{extension}"


def county_logo_upload_to(instance, filename) -> str:
    return _logo_name("counties", filename)


def actor_logo_upload_to(instance, filename) -> str:
    return _logo_name("actors", filename)


class CountyLogoFieldFile(ImageFieldFile):
    """The county's logo links to the portal's own address, which streams it from the
    storage: never to the storage's (a bucket's address, which the CSP refuses too)."""

    @property
    def url(self):
        self._require_file()
        return reverse("actors:county_logo", kwargs={"slug": self.instance.slug})


class CountyLogoField(models.ImageField):
    attr_class = CountyLogoFieldFile


class UserQuerySet(models.QuerySet):
    def vouched_for_by(self, user):
        """The accounts whose lockouts `user` may lift: every account for the national
        administrator; for a coordinator, the members of their counties' actors.

        Never a coordinator's nor a staff account for anyone but the national
        administrator: a lock protects that account's reach, which is wider than any
        one coordinator's, and a coordinator's own lock is lifted by someone else.
        """
        if is_national_admin(user):
            return self.all()
        return self.filter(reach(user, county="memberships__actor__county_id")).exclude(
            Q(is_staff=True) | Q(is_superuser=True) | Q(county_roles__isnull=False)
        )

    def editors_of(self, actor):
        """The active users who edit for `actor` (an Actor or its id): its representatives,
        whom a pledge's news and the follow-up's links go to."""
        return self.filter(
            pk__in=Membership.objects.editors().filter(actor=actor).values("user_id")
        ).order_by("email")

    def coordinators_of(self, county):
        """The active coordinators of `county` (a County or its id): who reviews its
        pledges and reports."""
        return self.filter(
            is_active=True,
            pk__in=CountyRole.objects.filter(
                county=county, role=CountyRole.Role.COORDINATOR
            ).values("user_id"),
        ).order_by("email")


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=normalise_address(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        # Addresses are stored in lower case; people type them as they like.
        return self.get(email=normalise_address(email))

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. The e-mail address is the login.

    A superuser is the installation's national administrator: it sees across
    all counties.
    """

    email = models.EmailField(_("e-postadress"), unique=True)
    full_name = models.CharField(_("namn"), max_length=200, blank=True)
    is_staff = models.BooleanField(
        _("personal"),
        default=False,
        help_text=_("Får logga in i administrationsgränssnittet."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registrerad"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = normalise_address(self.email)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_national_admin(self) -> bool:
        return self.is_active and self.is_superuser

    def may_act_for_actors(self) -> bool:
        """Whether the account may be an actor's member (editor or signatory).

        Staff accounts and coordinators never are: they work for the portal or a
        county board, and a membership would put them in reach of one actor's
        county's coordinators (who lift the locks of their actors' members).
        """
        if self.is_staff or self.is_superuser:
            return False
        return not self.county_roles.exists()

    def has_perm(self, perm, obj=None):
        # Django says yes to a superuser before any backend is asked. The rules
        # already give the national administrator what a coordinator may do, and
        # also say what nobody may (edit a signed pledge), so they decide.
        if self.is_active and self.is_superuser and rules.perm_exists(perm):
            return rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


CLOSING_PLACEHOLDERS = {"actor", "board", "end_year"}


def validate_closing_template(value: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        raise ValidationError(
            gettext("Mallen har en klammerparentes som inte stängs."), code="syntax"
        ) from exc
    unknown = names - CLOSING_PLACEHOLDERS
    if unknown:
        raise ValidationError(
            gettext("Okända fält i mallen: %(names)s. Tillåtna är {actor}, {board} och {end_year}.")
            % {"names": ", ".join(sorted("{" + n + "}" for n in unknown))},
            code="placeholder",
        )


class CountyQuerySet(models.QuerySet):
    def coordinated_by(self, user):
        """The counties whose pledges and actors `user` manages."""
        return self.filter(reach(user, county="pk"))


class County(models.Model):
    """A län and its county administrative board's texts for pledges."""

    _loaded_slug = ""

    code = models.CharField(
        _("länskod"), max_length=2, unique=True, validators=[RegexValidator(r"^\d{2}$")]
    )
    letter = models.CharField(_("länsbokstav"), max_length=2, unique=True)
    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    residence_city = models.CharField(_("residensstad"), max_length=100, blank=True)

    intro_text = models.TextField(
        _("inledning"),
        blank=True,
        help_text=_("Länsstyrelsens inledande text överst i varje miljömålslöfte."),
    )
    board_description = models.TextField(
        _("beskrivning av länsstyrelsen"),
        blank=True,
        help_text=_("Stycket om länsstyrelsen som står före dess åtaganden."),
    )
    standard_commitments = models.TextField(
        _("länsstyrelsens standardåtaganden"),
        blank=True,
        help_text=_("Ett åtagande per rad. Nya löften fylls i med dessa."),
    )
    closing_declaration_template = models.TextField(
        _("mall för avslutande intygande"),
        blank=True,
        validators=[validate_closing_template],
        help_text=_(
            "Fälten {actor}, {board} och {end_year} ersätts med aktörens namn, "
            "länsstyrelsens namn och löftets slutår."
        ),
    )
    explanation_text = models.TextField(
        _("förklaring av miljömålslöften"),
        blank=True,
        help_text=_("Texten på löftets baksida: vad ett miljömålslöfte är."),
    )
    governor_name = models.CharField(_("landshövdingens namn"), max_length=200, blank=True)
    governor_title = models.CharField(
        _("landshövdingens titel"), max_length=100, blank=True, default="Landshövding"
    )
    # Who signs for the board: only this address signs the board's part, in the
    # portal or through an e-mailed link, and only a coordinator sets it.
    governor_email = models.EmailField(_("landshövdingens e-postadress"), blank=True)
    governor_confirmed_by = models.ForeignKey(
        User,
        verbose_name=_("adressen bekräftad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    governor_confirmed_at = models.DateTimeField(_("adressen bekräftad"), null=True, blank=True)
    logo = CountyLogoField(_("logotyp"), upload_to=county_logo_upload_to, blank=True)
    # The board's public contact details, in the footer of the county's pages; the
    # accessibility statement's problem reports go to contact_email.
    contact_email = models.EmailField(
        _("e-postadress för kontakt"),
        blank=True,
        help_text=_(
            "Visas på länets sidor. Dit skickas också synpunkter på webbplatsens tillgänglighet."
        ),
    )
    contact_phone = models.CharField(_("telefonnummer"), max_length=40, blank=True)
    contact_address = models.CharField(_("postadress"), max_length=200, blank=True)
    website = models.URLField(_("webbplats"), blank=True)

    objects = CountyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("län")
        verbose_name_plural = _("län")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Whatever of the county changes (its texts, contact details, governor) shows on
        # its public pages and its pledges' and actors' (actors/pagecache.py).
        created = self._state.adding
        super().save(*args, **kwargs)
        county_changed(self, created=created, old_slug=self._loaded_slug)
        self._loaded_slug = self.slug

    def get_absolute_url(self):
        return reverse("actors:county", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        # The slug as read: a changed slug's old address is out of date too.
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = instance.__dict__.get("slug", "")
        return instance

    @property
    def board_name(self) -> str:
        """The board's own name, as it signs: "Länsstyrelsen i Kronobergs län"."""
        return f"Länsstyrelsen i {self.name}"

    def set_governor(self, *, name: str, title: str, email: str, by) -> None:
        """Keep the county's current governor; `by` (a coordinator) confirms the address."""
        email = User.objects.normalize_email(email or "").lower()
        changes = {"governor_name": name, "governor_title": title}
        if email != self.governor_email:
            changes |= {
                "governor_email": email,
                "governor_confirmed_by": by if email else None,
                "governor_confirmed_at": timezone.now() if email else None,
            }
        changed = [field for field, value in changes.items() if getattr(self, field) != value]
        for field in changed:
            setattr(self, field, changes[field])
        if changed:
            self.save(update_fields=changed)

    def standard_commitment_list(self) -> list[str]:
        return [line.strip() for line in self.standard_commitments.splitlines() if line.strip()]

    def closing_declaration(self, *, actor_name: str, end_year: int) -> str:
        return self.closing_declaration_template.format(
            actor=actor_name, board=self.board_name, end_year=end_year
        )


class ActorQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Actors whose register entry `user` may edit: their counties' (coordinators)."""
        return self.filter(reach(user, county="county_id"))

    def workspace_of(self, user):
        """Actors `user` works with: their counties' and their own organisations."""
        return self.filter(reach(user, county="county_id", actor="pk"))

    def startable_by(self, user):
        """Actors `user` may start a pledge for: their counties' (coordinators) and the
        organisations they edit for."""
        return self.filter(reach(user, county="county_id", actor="pk", role=Membership.Role.EDITOR))


class Actor(models.Model):
    """An organisation that makes pledges in one county."""

    _loaded_slug = ""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommun")
        REGION = "region", _("Region")
        COMPANY = "company", _("Företag")
        ENERGY_OFFICE = "energy_office", _("Energikontor")
        AUTHORITY = "authority", _("Myndighet")
        SCHOOL = "school", _("Skola eller lärosäte")
        ASSOCIATION = "association", _("Förening eller organisation")
        OTHER = "other", _("Annan")

    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="actors"
    )
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=200, unique=True)
    kind = models.CharField(_("typ av aktör"), max_length=20, choices=Kind.choices)
    organisation_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        blank=True,
        help_text=_("Tio siffror, med eller utan bindestreck."),
    )
    municipality = models.CharField(
        _("kommun"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("En kommunkod har fyra siffror."))],
        help_text=_("Kommunkoden, till exempel 0780 för Växjö."),
    )
    website = models.URLField(_("webbplats"), blank=True)
    description = models.TextField(
        _("beskrivning"),
        blank=True,
        help_text=_("Presentationen av aktören som nya löften fylls i med."),
    )
    logo = models.ImageField(_("logotyp"), upload_to=actor_logo_upload_to, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aktör")
        verbose_name_plural = _("aktörer")
        ordering = ["name"]
        constraints = [
            # The same organisation can be an actor in several counties, once in each.
            models.UniqueConstraint(
                fields=["county", "organisation_number"],
                condition=~Q(organisation_number=""),
                name="actor_unique_orgnr_per_county",
            ),
            models.UniqueConstraint(fields=["county", "name"], name="actor_unique_name_per_county"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Its name (and the rest) shows on its page, its pledges', its county's and in the
        # list (actors/pagecache.py).
        created = self._state.adding
        super().save(*args, **kwargs)
        actor_changed(self, created=created, old_slug=self._loaded_slug)
        self._loaded_slug = self.slug

    def get_absolute_url(self):
        return reverse("actors:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        # The slug as read: a changed slug's old address is out of date too.
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = instance.__dict__.get("slug", "")
        return instance

    def clean_fields(self, exclude=None):
        # "5560 3607 93" is a valid way to write a number but longer than the
        # stored form: normalise before the field's length check. clean()
        # reports a number that cannot be normalised.
        if self.organisation_number and "organisation_number" not in (exclude or ()):
            with contextlib.suppress(ValidationError):
                self.organisation_number = normalise_organisation_number(self.organisation_number)
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        errors = {}
        if self.organisation_number:
            try:
                self.organisation_number = normalise_organisation_number(self.organisation_number)
            except ValidationError as exc:
                errors["organisation_number"] = exc.messages
        if (
            self.municipality
            and self.county_id
            and len(self.municipality) == 4
            and not self.municipality.startswith(self.county.code)
        ):
            errors["municipality"] = [
                gettext("Kommunen ligger inte i %(county)s.") % {"county": self.county.name}
            ]
        if errors:
            raise ValidationError(errors)

    @property
    def municipality_name(self) -> str:
        return municipality_names().get(self.municipality, self.municipality)

    @property
    def genitive_name(self) -> str:
        """The name in the genitive, as in "Energikontor Sydosts åtgärder".

        Swedish adds -s, nothing after s, x or z, and ":s" after an abbreviation
        or a digit ("Bygg AB:s"). A trailing parenthesis stays after the
        genitive: "Sjöbyns Bygg AB:s (fiktiv)".
        """
        base, parenthesis = self.name, ""
        if base.endswith(")") and " (" in base:
            base, _, rest = base.rpartition(" (")
            parenthesis = f" ({rest}"
        last_word = base.rsplit(" ", 1)[-1]
        if base[-1:].isdigit() or last_word.isupper():
            genitive = f"{base}:s"  # an abbreviation, a letter or a number: "SKS:s", "X:s"
        elif base[-1:].lower() in "sxz":
            genitive = base
        else:
            genitive = f"{base}s"
        return genitive + parenthesis

    @property
    def name_as_owner(self) -> str:
        """The name as the owner in "<name> åtgärder", in the active language.

        Swedish puts it in the genitive ("Bygg AB:s åtgärder"); English says "Measures
        of Bygg AB", with the name as it is. A translation can use only the
        placeholders of its Swedish source, so the name comes already in the form
        the language needs.
        """
        language = get_language() or settings.LANGUAGE_CODE
        return self.genitive_name if language.split("-")[0] == "sv" else self.name


NOT_FOR_ACTORS = _(
    "Adressen hör till en miljömålssamordnare eller en administratör. Deras konton "
    "kan inte företräda aktörer: bjud in en annan adress."
)


class MembershipQuerySet(models.QuerySet):
    def editors(self):
        """The memberships of active users who edit for their actor."""
        return self.filter(role=Membership.Role.EDITOR, user__is_active=True)


class Membership(models.Model):
    """A person who acts for an actor."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Redaktör")
        SIGNATORY = "signatory", _("Firmatecknare")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # A signatory membership is how the county confirms who signs for the actor:
    # only its coordinators (and the national administrator) create memberships.
    confirmed_by = models.ForeignKey(
        User,
        verbose_name=_("bekräftat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "actor", "role"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.actor} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if self.user_id and not self.user.may_act_for_actors():
            raise ValidationError({"user": NOT_FOR_ACTORS})


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Invitation.Status.PENDING)


class Invitation(models.Model):
    """An existing account asked to act for an actor: it becomes a member only when
    its owner accepts.

    A coordinator keeps their counties' actors, not the people who have accounts: an
    account that exists is someone's own, perhaps at another organisation or another
    county, and nobody attaches it to an actor but its owner.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar på svar")
        ACCEPTED = "accepted", _("Accepterad")
        DECLINED = "declined", _("Avböjd")

    user = models.ForeignKey(
        User, verbose_name=_("konto"), on_delete=models.CASCADE, related_name="invitations"
    )
    actor = models.ForeignKey(
        Actor, verbose_name=_("aktör"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Membership.Role.choices)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("inbjuden av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skickad"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending", answered_at__isnull=True)
                | Q(status__in=["accepted", "declined"], answered_at__isnull=False),
                name="invitation_answered_unless_pending",
            ),
            models.UniqueConstraint(
                fields=["user", "actor", "role"],
                condition=Q(status="pending"),
                name="invitation_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.actor} ({self.get_role_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def accept(self) -> Membership:
        """The owner says yes: the membership is made. Refused if already answered, or
        if the account has since become one that never acts for actors."""
        if not self.user.may_act_for_actors():
            raise ValidationError(NOT_FOR_ACTORS, code="not_for_actors")
        with transaction.atomic():
            self._answer(self.Status.ACCEPTED)
            # The inviting coordinator vouched for the person (for a signatory: who
            # may sign for the actor); the owner's yes makes it a membership.
            membership, _created = Membership.objects.get_or_create(
                user=self.user,
                actor=self.actor,
                role=self.role,
                defaults={"confirmed_by": self.invited_by},
            )
        return membership

    def decline(self) -> None:
        self._answer(self.Status.DECLINED)

    def _answer(self, status):
        # Conditional, so that two answers at once (two tabs, a link and the list)
        # cannot both count.
        now = timezone.now()
        answered = Invitation.objects.filter(pk=self.pk, status=self.Status.PENDING).update(
            status=status, answered_at=now
        )
        if not answered:
            raise ValidationError(gettext("Inbjudan är redan besvarad."), code="answered")
        self.status, self.answered_at = status, now


class CountyRole(models.Model):
    """A person's role at a county board."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Miljömålssamordnare")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="county_roles")
    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(
        _("roll"), max_length=20, choices=Role.choices, default=Role.COORDINATOR
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("länsroll")
        verbose_name_plural = _("länsroller")
        constraints = [
            models.UniqueConstraint(fields=["user", "county", "role"], name="countyrole_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.county} ({self.get_role_display()})"


class SentEmail(models.Model):
    """One e-mail a task has sent (or is sending), under a key naming the task run and
    the message: a task run again after its worker died skips what it sent already
    (actors/outbox.py). Only ids and a hash: no address, no content."""

    key = models.CharField(_("nyckel"), max_length=64, unique=True)
    claimed_at = models.DateTimeField(_("påbörjat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)

    class Meta:
        verbose_name = _("skickat e-postmeddelande")
        verbose_name_plural = _("skickade e-postmeddelanden")

    def __str__(self):
        return self.key
