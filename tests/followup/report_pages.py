"""What the report pages' tests share: the POST a browser sends for the report form as
shown, and the coordinator's decision on the review page."""

from django import forms
from django.urls import reverse

from pledges.models import Party
from tests.html import by_id, text


def form_data(response, action="save", **changes) -> dict:
    """The report page's forms posted as they are shown, with `changes` (html names)."""
    data = {}
    for form in response.context["page"].forms():
        for field in form:
            if isinstance(field.field, forms.FileField):
                continue
            value = field.value()
            if value is None or value is False or value == "":
                continue
            data[field.html_name] = "on" if value is True else str(value)
    data["action"] = action
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def measure_prefix(mr) -> str:
    return f"m{mr.pk}"


def errors_box(response) -> str:
    return text(by_id(response, "form-errors"))


def problems_box(response) -> str:
    return text(by_id(response, "problems"))


def url_of(report) -> str:
    return reverse("followup:report_edit", args=[report.pk])


def actor_mr(report):
    return report.measure_reports.get(measure__party=Party.ACTOR)


def board_mr(report):
    return report.measure_reports.get(measure__party=Party.BOARD)


def review_url(report) -> str:
    return reverse("followup:report_review", args=[report.pk])


def decide(client, report, action, **data):
    data = {
        "form": "review",
        "action": action,
        "revision": report.revision,
        "board_revision": report.board_revision,
        "note": "",
        **data,
    }
    return client.post(review_url(report), data)
