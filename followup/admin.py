"""Follow-up in the admin (national administrators only, see config/admin.py).

Rounds and their questions are edited here; reports are only read (see ReadOnly).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    GoodExample,
    MeasureReport,
    Notification,
    Question,
    Report,
    ReportEvent,
    ReportLink,
    Round,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class NotificationInline(ReadOnlyInline):
    """The e-mails the round has sent: what the daily command checks before sending."""

    model = Notification
    fields = ["sent_on", "kind", "key", "report"]


class ReportLinkInline(ReadOnlyInline):
    """The one-time links e-mailed for the report (the token itself is never stored)."""

    model = ReportLink
    fields = ["email", "created_at", "expires_at", "used_at"]


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["title", "county", "kind", "opens", "due", "closes", "opened_at"]
    list_filter = ["county", "kind"]
    search_fields = ["title", "county__name"]
    list_select_related = ["county"]
    readonly_fields = ["opened_at", "created_by", "created_at"]
    inlines = [QuestionInline, NotificationInline]


class ReadOnly:
    """Reports are read in the admin, written in the portal: its forms carry the
    revision the writer read, so that nobody overwrites an actor's or a
    coordinator's save unseen, which an admin form could not promise."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MeasureReportInline(ReadOnly, admin.StackedInline):
    model = MeasureReport
    extra = 0
    fields = [
        "measure",
        "status",
        "comment",
        ("evidence_file", "evidence_url"),
        "indicator_value",
        "verification",
        "review_comment",
    ]
    readonly_fields = ["measure", "verification", "review_comment"]

    def has_add_permission(self, request, obj=None):
        return False  # one per measure, made when the report is


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["pledge", "round", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "round__county", "round__kind", "round"]
    search_fields = ["pledge__actor__name", "pledge__slug", "round__title"]
    list_select_related = ["pledge__actor", "round"]
    readonly_fields = [
        "round",
        "pledge",
        "status",
        "revision",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
        "reviewed_by",
        "review_comment",
    ]
    inlines = [MeasureReportInline, ReportEventInline, ReportLinkInline]

    def has_add_permission(self, request):
        return False  # reports are made when a round opens


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ["report", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    search_fields = ["report__pledge__actor__name", "note"]
    list_select_related = ["report__pledge__actor", "report__round"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GoodExample)
class GoodExampleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "measure_report", "marked_by", "marked_at", "picture_consent"]
    search_fields = [
        "text",
        "pledge__actor__name",
        "measure_report__report__pledge__actor__name",
        "pledge__county__name",
    ]
    raw_id_fields = ["pledge", "measure_report"]
    readonly_fields = ["marked_by", "marked_at"]

    def save_model(self, request, obj, form, change):
        if obj.marked_by_id is None:
            obj.marked_by = request.user
        super().save_model(request, obj, form, change)
