"""Two people saving one report at once: the second is told, sees what the first saved
beside what they typed, and wins only by saving again."""

import pytest
from django.urls import reverse

from actors.models import Membership
from followup.models import MeasureReport, Report
from pledges.models import Party
from tests import factories
from tests.pledges.editor_pages import by_class, field_value, page

from .report_pages import errors_box, form_data, logged_in, text

CONFLICT = "Någon annan har sparat rapporten medan du skrev."


@pytest.fixture
def second_editor(actor_a):
    return factories.MembershipFactory(actor=actor_a, role=Membership.Role.EDITOR).user


def test_the_second_save_is_refused_and_keeps_what_was_typed(editor_a, second_editor, report):
    first, second = logged_in(editor_a), logged_in(second_editor)
    url = reverse("followup:report_edit", args=[report.pk])
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    m = f"m{mr.pk}"
    first_page, second_page = first.get(url), second.get(url)

    saved = first.post(
        url, form_data(first_page, comment="Förstas text.", **{f"{m}-status": "done"})
    )
    refused = second.post(
        url,
        form_data(
            second_page,
            comment="Andras text.",
            **{f"{m}-status": "started", f"{m}-comment": "Andras kommentar."},
        ),
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert CONFLICT in errors_box(refused)
    assert field_value(refused, "comment") == "Andras text."
    assert field_value(refused, f"{m}-comment") == "Andras kommentar."
    theirs = " ".join(text(e) for e in by_class(page(refused), "saved-value"))
    assert "Förstas text." in theirs
    assert "Genomförd" in theirs
    stored = Report.objects.get(pk=report.pk)
    assert stored.comment == "Förstas text."
    assert MeasureReport.objects.get(pk=mr.pk).status == "done"

    # The page now carries the revision the second editor has seen: saving again wins.
    again = form_data(refused)
    assert again["revision"] == str(stored.revision)
    assert again[f"{m}-status"] == "started"
    redone = second.post(url, again)
    assert redone.status_code == 302
    assert Report.objects.get(pk=report.pk).comment == "Andras text."
    assert MeasureReport.objects.get(pk=mr.pk).status == "started"


def test_a_report_submitted_meanwhile_refuses_the_save_and_keeps_the_text(
    editor_a, second_editor, report
):
    first, second = logged_in(editor_a), logged_in(second_editor)
    url = reverse("followup:report_edit", args=[report.pk])
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    second_page = second.get(url)
    first.post(url, form_data(first.get(url), action="submit", **{f"m{mr.pk}-status": "done"}))
    assert Report.objects.get(pk=report.pk).status == Report.Status.SUBMITTED

    refused = second.post(url, form_data(second_page, comment="För sent."))
    assert refused.status_code == 403
    assert "Inskickad" in errors_box(refused)
    assert field_value(refused, "comment") == "För sent."
    assert Report.objects.get(pk=report.pk).comment == ""
