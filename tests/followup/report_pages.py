"""What the report form's tests share: the POST a browser sends for the page as shown."""

from django import forms
from django.test import Client
from django.urls import reverse

from pledges.models import Party
from tests.pledges.editor_pages import by_id, page, text


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


__all__ = ["by_id", "errors_box", "form_data", "measure_prefix", "page", "problems_box", "text"]


def signed_pledge_with(actor, n, *, indicator_every=2, **kwargs):
    """A signed pledge with `n` actor measures (every `indicator_every`th with an indicator)
    and one of the board's."""
    from pledges.models import Party, Pledge, Signatory
    from tests import factories

    pledge = factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor, **kwargs)
    for i in range(1, n):
        values = {}
        if indicator_every and i % indicator_every == 0:
            values = {
                "indicator_unit": "ton CO₂e",
                "indicator_baseline": 100,
                "indicator_target": 50,
            }
        factories.MeasureFactory(
            pledge=pledge, party=Party.ACTOR, heading=f"Åtgärd {i + 1}", **values
        )
    pledge.submit_for_review(by=None)
    pledge.approve(by=None)
    for signatory in pledge.signatories.all():
        signatory.record_signature(method=Signatory.Method.PORTAL)
    pledge.mark_signed()
    return pledge


def logged_in(user) -> Client:
    """A client of its own for `user`: tests with two people at once need two."""
    client = Client()
    client.force_login(user)
    return client


def url_of(report) -> str:
    return reverse("followup:report_edit", args=[report.pk])


def actor_mr(report):
    return report.measure_reports.get(measure__party=Party.ACTOR)


def board_mr(report):
    return report.measure_reports.get(measure__party=Party.BOARD)
