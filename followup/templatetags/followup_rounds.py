"""Tags for the coordinator's round page (`{% load followup_rounds %}`)."""

from django import template

from ..lateness import OWED
from ..models import Report
from ..representatives import represented_actor_ids

register = template.Library()


@register.simple_tag
def unrepresented_report_ids(reports) -> set[int]:
    """The ids of those of `reports` still owed whose actor has no representative: nobody
    is sent their invitation, reminders or links. One query for the whole table."""
    ids = [report.pk for report in reports]
    if not ids:
        return set()
    return set(
        Report.objects.filter(OWED, pk__in=ids)
        .exclude(pledge__actor_id__in=represented_actor_ids())
        .values_list("pk", flat=True)
    )
