from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from .models import Actor, County, CountyRole, Invitation, Membership, SentEmail, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "actor"
    extra = 0
    autocomplete_fields = ["user", "actor"]
    readonly_fields = ["confirmed_by"]


class UserMembershipInline(MembershipInline):
    fk_name = "user"


class ConfirmsMemberships:
    """A membership the national administrator adds here is confirmed by them (for a
    signatory: who may sign for the actor), as one a coordinator invites is."""

    def save_formset(self, request, form, formset, change):
        if formset.model is Membership:
            for membership in formset.save(commit=False):
                if membership.pk is None:
                    membership.confirmed_by = request.user
                membership.save()
            for membership in formset.deleted_objects:
                membership.delete()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)


class InvitationInline(admin.TabularInline):
    """Shown, not edited: only the account's owner answers an invitation."""

    model = Invitation
    fk_name = "user"
    extra = 0
    fields = ["actor", "role", "invited_by", "created_at", "status", "answered_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ActorInvitationInline(InvitationInline):
    fk_name = "actor"
    fields = ["user", "role", "invited_by", "created_at", "status", "answered_at"]
    readonly_fields = fields


class CountyRoleInline(admin.TabularInline):
    model = CountyRole
    extra = 0
    autocomplete_fields = ["user", "county"]


@admin.register(User)
class UserAdmin(ConfirmsMemberships, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "county_roles__county"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name"]}),
        (
            _("Behörighet"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Datum"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    inlines = [CountyRoleInline, UserMembershipInline, InvitationInline]


@admin.register(County)
class CountyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "letter", "name", "residence_city", "governor_name"]
    search_fields = ["name", "code", "letter"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["code", "letter", "name", "slug", "residence_city", "logo"]}),
        (
            _("Landshövding"),
            {
                "fields": [
                    "governor_name",
                    "governor_title",
                    "governor_email",
                    "governor_confirmed_by",
                    "governor_confirmed_at",
                ]
            },
        ),
        (
            _("Texter i löftena"),
            {
                "fields": [
                    "intro_text",
                    "board_description",
                    "standard_commitments",
                    "closing_declaration_template",
                    "explanation_text",
                ]
            },
        ),
    ]
    inlines = [CountyRoleInline]
    readonly_fields = ["governor_confirmed_by", "governor_confirmed_at"]

    def save_model(self, request, obj, form, change):
        if "governor_email" in form.changed_data:
            # Typed here by the national administrator: they confirm it.
            obj.governor_email = obj.governor_email.lower()
            obj.governor_confirmed_by = request.user if obj.governor_email else None
            obj.governor_confirmed_at = timezone.now() if obj.governor_email else None
        super().save_model(request, obj, form, change)


@admin.register(Actor)
class ActorAdmin(ConfirmsMemberships, SimpleHistoryAdmin):
    list_display = ["name", "kind", "county", "municipality", "organisation_number"]
    list_filter = ["county", "kind"]
    search_fields = ["name", "organisation_number", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["county"]
    inlines = [MembershipInline, ActorInvitationInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "actor", "role", "created_at"]
    list_filter = ["role", "actor__county"]
    search_fields = ["user__email", "user__full_name", "actor__name"]
    autocomplete_fields = ["user", "actor"]
    list_select_related = ["user", "actor"]
    readonly_fields = ["confirmed_by"]

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.confirmed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CountyRole)
class CountyRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "county", "role", "created_at"]
    list_filter = ["role", "county"]
    search_fields = ["user__email", "user__full_name", "county__name"]
    autocomplete_fields = ["user", "county"]
    list_select_related = ["user", "county"]


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    """The e-mails the workers' tasks claimed (actors/outbox.py): one without a sent
    time was being sent when its worker died, and is not sent again."""

    list_display = ["key", "claimed_at", "sent_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["key"]
    readonly_fields = ["key", "claimed_at", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# django-otp registers its devices here: the admin would show any account's secret key
# (and its QR code) and let the national administrator enrol a device for someone else.
# Each account enrols and removes its own, from Mitt konto; a lost one is removed by
# whoever runs the portal (`manage.py remove_second_factor`).
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
