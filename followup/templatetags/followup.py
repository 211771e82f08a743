"""What follow-up shows on other apps' pages, without them importing it (DESIGN.md).

`{% load followup %}{% pledge_followup pledge %}` on the public pledge page.
"""

from django import template

from ..models import MeasureReport

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
