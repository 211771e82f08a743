"""Follow-up in the admin (national administrators only, see config/admin.py).

The admin follows the workflow: statuses move only through the portal's review
screens (the model methods), and a report's content is read-only once it is
submitted, as it is everywhere else.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
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


class ReportContentLock:
    def _locked(self, obj):
        report = obj if isinstance(obj, Report) else getattr(obj, "report", None)
        return report is not None and report.pk is not None and not report.content_editable

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)

    def get_actions(self, request):
        # A bulk delete goes around the models' own checks.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class MeasureReportInline(ReportContentLock, admin.StackedInline):
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
class ReportAdmin(ReportContentLock, SimpleHistoryAdmin):
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

    def save_model(self, request, obj, form, change):
        # Count the revision up, so that an actor with the form open is told.
        obj.claim_revision(obj.revision)
        super().save_model(request, obj, form, change)


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
