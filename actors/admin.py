from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Actor, County, CountyRole, Invitation, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "actor"]


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
class UserAdmin(BaseUserAdmin):
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
    inlines = [CountyRoleInline, MembershipInline, InvitationInline]


@admin.register(County)
class CountyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "letter", "name", "residence_city", "governor_name"]
    search_fields = ["name", "code", "letter"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["code", "letter", "name", "slug", "residence_city", "logo"]}),
        (_("Landshövding"), {"fields": ["governor_name", "governor_title"]}),
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


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
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


@admin.register(CountyRole)
class CountyRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "county", "role", "created_at"]
    list_filter = ["role", "county"]
    search_fields = ["user__email", "user__full_name", "county__name"]
    autocomplete_fields = ["user", "county"]
    list_select_related = ["user", "county"]
