from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    EnvironmentalObjective,
    GlobalGoal,
    Measure,
    MeasureLink,
    Pledge,
    PledgeEvent,
    Programme,
    ProgrammeMeasure,
    Signatory,
    SignedVersion,
    Theme,
)


@admin.register(EnvironmentalObjective)
class EnvironmentalObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "name_sv", "name_en"]
    search_fields = ["name_sv", "name_en"]


@admin.register(GlobalGoal)
class GlobalGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name_sv", "name_en"]
    search_fields = ["name_sv", "name_en"]


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "county", "start_year", "end_year"]
    list_filter = ["county"]
    search_fields = ["name"]
    inlines = [ThemeInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "order"]
    list_filter = ["programme__county", "programme"]
    search_fields = ["name", "programme__name"]
    list_select_related = ["programme"]


@admin.register(ProgrammeMeasure)
class ProgrammeMeasureAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "theme", "programme"]
    list_filter = ["theme__programme__county", "theme__programme", "theme", "objectives"]
    search_fields = ["number", "title", "description", "theme__name"]
    filter_horizontal = ["objectives", "global_goals"]
    list_select_related = ["theme__programme"]

    @admin.display(description="åtgärdsprogram", ordering="theme__programme")
    def programme(self, obj):
        return obj.theme.programme


class PledgeContentLock:
    """The admin follows the workflow too: a pledge's content is read-only outside draft
    and review, and every save counts up the pledge's revisions, so that an editor in
    the portal with a form open is told instead of overwriting it."""

    def _pledge_of(self, obj):
        if obj is None:
            return None
        if isinstance(obj, Pledge):
            return obj
        if isinstance(obj, Measure):
            return obj.pledge
        if isinstance(obj, MeasureLink):
            return obj.measure.pledge
        return obj.pledge

    def _locked(self, obj):
        pledge = self._pledge_of(obj)
        return pledge is not None and pledge.pk is not None and not pledge.content_editable

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)

    def has_add_permission(self, request, *args):
        obj = args[0] if args else None
        return super().has_add_permission(request, *args) and not self._locked(obj)

    def get_actions(self, request):
        # A bulk delete goes around the models' own checks: delete one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class MeasureLinkInline(PledgeContentLock, admin.TabularInline):
    model = MeasureLink
    extra = 0
    autocomplete_fields = ["programme_measure"]


@admin.register(Measure)
class MeasureAdmin(PledgeContentLock, SimpleHistoryAdmin):
    list_display = ["__str__", "pledge", "party", "order"]
    list_filter = ["party", "pledge__county", "pledge__status"]
    search_fields = ["heading", "text", "pledge__actor__name"]
    list_select_related = ["pledge__actor"]
    raw_id_fields = ["pledge"]
    inlines = [MeasureLinkInline]
    readonly_fields = ["revision"]

    def save_model(self, request, obj, form, change):
        # The pledge's row first, as the portal's saves lock it: no deadlock between them.
        obj.pledge.count_up_revisions()
        super().save_model(request, obj, form, change)


class MeasureInline(PledgeContentLock, admin.StackedInline):
    model = Measure
    extra = 0
    fields = [
        "party",
        "order",
        "heading",
        "text",
        "link_text",
        ("indicator_unit", "indicator_baseline", "indicator_target"),
        "edit_links",
    ]
    readonly_fields = ["edit_links"]
    show_change_link = True

    @admin.display(description="kopplingar")
    def edit_links(self, obj):
        # Links are edited on the measure's own page (nested inlines are not in Django).
        return obj.link_line() if obj.pk else "–"


class SignatoryInline(PledgeContentLock, admin.TabularInline):
    model = Signatory
    extra = 0
    fields = [
        "party",
        "order",
        "name",
        "title",
        "organisation",
        "email",
        "method",
        "signed_at",
        "identified_as",
        "address_confirmed_by",
    ]
    # Signatures are given through the workflow (pledge_sign), never typed in.
    readonly_fields = ["method", "signed_at", "identified_as", "address_confirmed_by"]


class PledgeEventInline(admin.TabularInline):
    model = PledgeEvent
    extra = 0
    fields = ["at", "kind", "from_status", "to_status", "by", "note", "method", "signed_on"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Pledge)
class PledgeAdmin(PledgeContentLock, SimpleHistoryAdmin):
    list_display = ["__str__", "county", "status", "start_year", "end_year", "signing_date"]
    list_filter = ["status", "county", "actor__kind", "start_year"]
    search_fields = ["actor__name", "slug", "measures__heading"]
    list_select_related = ["actor", "county"]
    autocomplete_fields = ["actor", "previous"]
    readonly_fields = ["status", *Pledge.REVISIONS, *Pledge.TIMESTAMP_FIELDS.values()]
    inlines = [MeasureInline, SignatoryInline, PledgeEventInline]

    def save_model(self, request, obj, form, change):
        if change:
            obj.count_up_revisions()
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # Only drafts can be deleted; anything later is withdrawn instead.
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.status == Pledge.Status.DRAFT
        )


@admin.register(PledgeEvent)
class PledgeEventAdmin(admin.ModelAdmin):
    list_display = ["pledge", "kind", "from_status", "to_status", "by", "at"]
    list_filter = ["kind", "to_status"]
    search_fields = ["pledge__actor__name", "note"]
    list_select_related = ["pledge__actor", "by"]
    date_hierarchy = "at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(SignedVersion)
class SignedVersionAdmin(admin.ModelAdmin):
    """What was signed, for reading: a signed version is never changed or deleted."""

    list_display = ["pledge", "code", "created_at", "rendered_at", "sha256"]
    search_fields = ["code", "sha256", "pledge__actor__name"]
    list_select_related = ["pledge__actor"]
    readonly_fields = ["pledge", "code", "content", "pdf", "sha256", "created_at", "rendered_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
