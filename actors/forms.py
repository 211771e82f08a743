import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .fields import SingleLineFieldsMixin
from .models import Actor, County, Membership
from .reference import municipality_names
from .search import SearchField
from .tasks import PASSWORD_RESET, send_account_link
from .throttling import first_link_request_in_a_while
from .validators import normalise_organisation_number


class LoginForm(SingleLineFieldsMixin, AuthenticationForm):
    """Django's login form, asking for an e-mail address (the login) as one."""

    username = forms.EmailField(
        label=_("E-postadress"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    # The address as typed goes on to authenticate(): the account lookup and login
    # throttling normalise it alike (actors.models.normalise_address), for the
    # admin's login form as for this one.


class EmailedPasswordResetForm(SingleLineFieldsMixin, PasswordResetForm):
    """Django's reset form; the e-mail goes out through the task queue.

    The task makes the reset link itself (with Django's default token
    generator): only the account's id is stored with the task, never a link.
    """

    email = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        # Django skips accounts without a usable password. Here those are the
        # people who were invited and never chose one: resetting is how they
        # would set one, so they get the e-mail too.
        return get_user_model()._default_manager.filter(email__iexact=email, is_active=True)

    def save(self, **kwargs):
        # PasswordResetView passes the token generator, domain and templates
        # it was configured with; the task uses Django's defaults, SITE_URL and
        # its own templates, so none of them is used here.
        email = self.cleaned_data["email"]
        # One e-mail per address in a while, whoever asks: the page says the same
        # either way, so it tells nobody whether the address has an account.
        if not first_link_request_in_a_while(email, kind="password-reset"):
            return
        for user in self.get_users(email):
            send_account_link.enqueue(user_id=user.pk, kind=PASSWORD_RESET, language=get_language())


class SignInLinkForm(SingleLineFieldsMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class ActorFilterForm(SingleLineFieldsMixin, forms.Form):
    """The actor register's filters; every field optional, kept in the URL."""

    q = SearchField(label=_("Sök"), help_text=_("Namn eller organisationsnummer"))
    county = forms.ModelChoiceField(
        label=_("Län"), required=False, queryset=County.objects.none(), empty_label=_("Alla")
    )
    kind = forms.ChoiceField(
        label=_("Typ av aktör"), required=False, choices=[("", _("Alla"))] + Actor.Kind.choices
    )
    municipality = forms.ChoiceField(label=_("Kommun"), required=False)

    def __init__(self, *args, counties, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(counties) > 1:
            self.fields["county"].queryset = County.objects.filter(pk__in=[c.pk for c in counties])
        else:
            del self.fields["county"]
        self.fields["municipality"].choices = [("", _("Alla"))] + list(municipalities)

    def filter(self, actors):
        if not self.is_valid():
            return actors
        data = self.cleaned_data
        if data["q"]:
            match = Q(name__icontains=data["q"])
            digits = re.sub(r"[\s-]", "", data["q"])
            if digits.isdigit():
                # "5560360793" finds "556036-0793".
                match |= Q(organisation_digits__contains=digits)
                actors = actors.annotate(
                    organisation_digits=Replace("organisation_number", Value("-"), Value(""))
                )
            actors = actors.filter(match)
        if data.get("county"):
            actors = actors.filter(county=data["county"])
        if data["kind"]:
            actors = actors.filter(kind=data["kind"])
        if data["municipality"]:
            actors = actors.filter(municipality=data["municipality"])
        return actors


def known_municipalities(counties) -> dict[County, list[tuple[str, str]]] | None:
    """Each county's municipalities as (code, name), or None if any county's are unknown."""
    names = municipality_names()
    known = {}
    for county in counties:
        in_county = [(code, name) for code, name in names.items() if code[:2] == county.code]
        if not in_county:
            return None
        known[county] = sorted(in_county, key=lambda choice: choice[1])
    return known


class ActorForm(SingleLineFieldsMixin, forms.ModelForm):
    """An actor's register entry, within the counties the coordinator manages."""

    # Wider than the stored "NNNNNN-NNNN": people type spaces and leave out the dash.
    organisation_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=20,
        required=False,
        help_text=_("Tio siffror, med eller utan bindestreck."),
    )

    class Meta:
        model = Actor
        fields = [
            "county",
            "name",
            "kind",
            "organisation_number",
            "municipality",
            "website",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        counties = list(counties)
        county_field = self.fields["county"]
        county_field.queryset = County.objects.filter(pk__in=[c.pk for c in counties])
        if len(counties) == 1:
            # Fixed rather than left out, so that the constraints on (county, name)
            # and (county, organisation number) are still validated.
            county_field.widget = forms.HiddenInput()
            county_field.disabled = True
            if not self.instance.county_id:
                county_field.initial = counties[0].pk

        # A list to choose from where the portal knows the municipalities' names,
        # the four-digit code where it does not.
        known = known_municipalities(counties)
        if known is not None:
            if len(known) == 1:
                choices = list(next(iter(known.values())))
            else:
                choices = [(county.name, options) for county, options in known.items()]
            current = self.instance.municipality
            known_codes = {code for options in known.values() for code, _name in options}
            if current and current not in known_codes:
                choices.append((current, current))
            self.fields["municipality"] = forms.ChoiceField(
                label=_("Kommun"),
                required=False,
                choices=[("", _("Ingen kommun angiven")), *choices],
            )
        else:
            self.fields["municipality"].widget.attrs.update(
                {"inputmode": "numeric", "autocomplete": "off"}
            )

    def clean_organisation_number(self):
        value = self.cleaned_data["organisation_number"].strip()
        return normalise_organisation_number(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        county = cleaned.get("county")
        if county is None:
            return cleaned
        # The model's constraints would report these as errors of the whole form;
        # said here, they stand next to the field to correct.
        others = Actor.objects.filter(county=county).exclude(pk=self.instance.pk)
        name = cleaned.get("name")
        if name and others.filter(name__iexact=name).exists():
            self.add_error("name", _("Det finns redan en aktör med det namnet i länet."))
        number = cleaned.get("organisation_number")
        if number and others.filter(organisation_number=number).exists():
            self.add_error(
                "organisation_number",
                _("Det finns redan en aktör med det organisationsnumret i länet."),
            )
        return cleaned

    def save(self, commit=True):
        actor = super().save(commit=False)
        if not actor.slug:
            actor.slug = unique_actor_slug(actor.name)
        if commit:
            actor.save()
        return actor


# Paths beside /arbetsyta/aktorer/<slug>/ that a slug must not take.
RESERVED_SLUGS = {"ny"}


def unique_actor_slug(name: str) -> str:
    max_length = Actor._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 4].strip("-") or "aktor"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Actor.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class InvitationForm(SingleLineFieldsMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Namn"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Roll"),
        choices=Membership.Role.choices,
        initial=Membership.Role.EDITOR,
        widget=forms.RadioSelect,
        help_text=_(
            "En redaktör arbetar med aktörens löften och uppföljning. "
            "En firmatecknare skriver under löften för aktörens räkning."
        ),
    )


class GovernorForm(SingleLineFieldsMixin, forms.Form):
    """The county's governor, who signs pledges for the board."""

    name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    title = forms.CharField(label=_("Titel"), max_length=100, initial="Landshövding")
    email = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Landshövdingens egen adress. Bara den kan underteckna för länsstyrelsen, i "
            "portalen eller via en e-postlänk: när du sparar bekräftar du att adressen är "
            "landshövdingens."
        ),
    )

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email") and not cleaned.get("name", "").strip():
            self.add_error("name", _("Ange landshövdingens namn."))
        return cleaned


class CountyContactForm(SingleLineFieldsMixin, forms.ModelForm):
    """The board's public contact details, shown in the footer of the county's pages."""

    class Meta:
        model = County
        fields = ["contact_email", "contact_phone", "contact_address", "website"]
        widgets = {"contact_email": forms.EmailInput(attrs={"autocomplete": "off"})}

    def clean_contact_email(self):
        return self.cleaned_data["contact_email"].lower()


class SecondFactorCodeForm(SingleLineFieldsMixin, forms.Form):
    """A code from the authenticator app (or, where `recovery` says so, a recovery
    code). Whether it is right is the view's to ask the device: this form only
    cleans what was typed."""

    code = forms.CharField(
        label=_("Kod"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, recovery=True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if recovery:
            field.help_text = _(
                "De sex siffrorna som autentiseringsappen visar, eller en av dina reservkoder."
            )
        else:
            field.help_text = _("De sex siffrorna som autentiseringsappen visar.")
            field.widget.attrs["inputmode"] = "numeric"

    def clean_code(self):
        from .second_factor import normalise_code

        return normalise_code(self.cleaned_data["code"])


class RemoveSecondFactorForm(SingleLineFieldsMixin, forms.Form):
    """To remove the second factor: the password, or a code from the app."""

    secret = forms.CharField(
        label=_("Ditt lösenord eller en kod från autentiseringsappen"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
