"""The open-data API's follow-up: one row per measure per accepted report (read-only;
config/api.py assembles the API).

Only accepted reports of published pledges (MeasureReport.objects.published()), and
only what the pledge page shows of them: the status, the comment, the indicator's
value and how it was verified. Drafts, reports under review and the board's review
comments are never in an answer.
"""

import django_filters
from rest_framework import serializers

from actors.api import IdFilter, PublicViewSet

from .models import MeasureReport


class MeasureReportSerializer(serializers.ModelSerializer):
    pledge = serializers.SlugRelatedField(source="report.pledge", slug_field="slug", read_only=True)
    round = serializers.IntegerField(source="report.round_id", read_only=True)
    round_title = serializers.CharField(source="report.round.title", read_only=True)
    round_kind = serializers.CharField(source="report.round.kind", read_only=True)
    round_due = serializers.DateField(source="report.round.due", read_only=True)
    accepted_at = serializers.DateTimeField(source="report.reviewed_at", read_only=True)

    class Meta:
        model = MeasureReport
        fields = [
            "id",
            "measure",
            "pledge",
            "round",
            "round_title",
            "round_kind",
            "round_due",
            "accepted_at",
            "status",
            "comment",
            "indicator_value",
            "verification",
        ]


class FollowUpFilterSet(django_filters.FilterSet):
    pledge = django_filters.CharFilter(
        field_name="report__pledge__slug", help_text="The pledge's slug."
    )
    county = django_filters.CharFilter(
        field_name="report__round__county__slug", help_text="The county's slug."
    )
    round = IdFilter(field_name="report__round_id", help_text="The round's id.")
    measure = IdFilter(field_name="measure_id", help_text="The measure's id.")
    status = django_filters.ChoiceFilter(choices=MeasureReport.Status.choices)

    class Meta:
        model = MeasureReport
        fields = ["pledge", "county", "round", "measure", "status"]


class FollowUpViewSet(PublicViewSet):
    """Accepted follow-up, per measure and round."""

    serializer_class = MeasureReportSerializer
    filterset_class = FollowUpFilterSet

    def get_queryset(self):
        return (
            MeasureReport.objects.published()
            .select_related("report__pledge", "report__round")
            .order_by(
                "report__round__due", "report__pledge_id", "measure__party", "measure__order", "pk"
            )
        )
