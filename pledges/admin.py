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


class MeasureLinkInline(admin.TabularInline):
    model = MeasureLink
    extra = 0
    autocomplete_fields = ["programme_measure"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "pledge", "party", "order"]
    list_filter = ["party", "pledge__county", "pledge__status"]
    search_fields = ["heading", "text", "pledge__actor__name"]
    list_select_related = ["pledge__actor"]
    raw_id_fields = ["pledge"]
    inlines = [MeasureLinkInline]


class MeasureInline(admin.StackedInline):
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


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["party", "order", "name", "title", "organisation", "email", "method", "signed_at"]


class PledgeEventInline(admin.TabularInline):
    model = PledgeEvent
    extra = 0
    fields = ["at", "kind", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Pledge)
class PledgeAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "county", "status", "start_year", "end_year", "signing_date"]
    list_filter = ["status", "county", "actor__kind", "start_year"]
    search_fields = ["actor__name", "slug", "measures__heading"]
    list_select_related = ["actor", "county"]
    autocomplete_fields = ["actor", "previous"]
    readonly_fields = [
        "status",
        "revision",
        "submitted_at",
        "approved_at",
        "signed_at",
        "concluded_at",
        "withdrawn_at",
    ]
    inlines = [MeasureInline, SignatoryInline, PledgeEventInline]


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
