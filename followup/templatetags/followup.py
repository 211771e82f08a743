"""What follow-up shows on other apps' pages, without them importing it (DESIGN.md).

- `{% pledge_followup pledge %}` on the public pledge page;
- `{% followup_todo user as items %}` in the workspace's "Att göra".
"""

from django import template
from django.db.models import Q

from actors.models import Membership
from actors.rules import member_actor_ids, reach

from ..models import MeasureReport, Report

register = template.Library()


@register.inclusion_tag("followup/_pledge_followup.html")
def pledge_followup(pledge):
    """Each measure's accepted follow-up: the latest status and its history across rounds.

    Only accepted reports of published pledges: drafts and reports under review
    never reach the public page. One query, however many rounds and measures.
    """
    measure_reports = (
        MeasureReport.objects.published()
        .filter(report__pledge=pledge)
        .select_related("measure", "report__round")
        .order_by(
            "measure__party", "measure__order", "measure__pk", "report__round__due", "report__pk"
        )
    )
    measures = {}
    for mr in measure_reports:
        measures.setdefault(mr.measure_id, {"measure": mr.measure, "history": []})
        measures[mr.measure_id]["history"].append(mr)
    for item in measures.values():
        item["latest"] = item["history"][-1]
    return {"measures": list(measures.values())}


@register.simple_tag
def followup_todo(user, limit=20):
    """The reports waiting for `user`: to fill in for their organisations, to review
    for their counties. Oldest due date first; one query."""
    if not user.is_authenticated:
        return []
    S = Report.Status
    to_write = Q(
        # Editors write the reports; the actor's signatories only read them.
        pledge__actor_id__in=member_actor_ids(user, Membership.Role.EDITOR),
        status__in=Report.CONTENT_STATUSES,
        round__opened_at__isnull=False,
    )
    to_review = Q(status=S.SUBMITTED) & reach(user, county="round__county_id")
    reports = (
        Report.objects.filter(to_write | to_review)
        .select_related("round", "pledge__actor")
        .order_by("round__due", "pledge__actor__name", "pk")[:limit]
    )
    return [{"report": report, "review": report.status == S.SUBMITTED} for report in reports]
