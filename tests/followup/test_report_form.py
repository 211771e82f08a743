"""The report form: messages next to the field, evidence files, indicators, and a fixed
number of queries however many measures the pledge has."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from followup.models import MeasureReport, Question, Report
from followup.validators import EVIDENCE_MAX_BYTES
from pledges.models import Party
from tests import files
from tests.factories import make_round, signed_pledge_with
from tests.html import by_id, field_error, field_value, text

from .report_pages import actor_mr, errors_box, form_data, url_of


def test_the_status_is_five_labelled_radio_buttons_in_the_measures_fieldset(editor, report):
    mr = actor_mr(report)
    response = editor.get(url_of(report))
    fieldset = by_id(response, f"measure-{mr.pk}")
    assert text(fieldset).startswith(mr.measure.heading)
    for label in ("Genomförd", "Minst hälften genomförd", "Påbörjad", "Ej påbörjad", "Ej aktuell"):
        assert label in text(by_id(response, f"div_id_m{mr.pk}-status"))
    assert by_id(response, f"id_m{mr.pk}-status_4") is not None  # five inputs, 0–4
    assert "Kommentar" in text(by_id(response, f"div_id_m{mr.pk}-comment"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ", "exe"),
        ("stor.pdf", b"%PDF-" + b"0" * EVIDENCE_MAX_BYTES, "Filen är för stor"),
    ],
)
def test_a_bad_evidence_file_is_refused_next_to_the_field(editor, report, name, content, message):
    mr = actor_mr(report)
    MeasureReport.objects.filter(pk=mr.pk).update(comment="Sparat förut.")
    response = editor.get(url_of(report))
    data = form_data(response, **{f"m{mr.pk}-comment": "Nytt skrivet."})
    data[f"m{mr.pk}-evidence_file"] = SimpleUploadedFile(name, content)
    refused = editor.post(url_of(report), data)
    assert refused.status_code == 200
    assert message in field_error(refused, f"m{mr.pk}-evidence_file")
    assert "Något behöver rättas" in errors_box(refused)
    assert field_value(refused, f"m{mr.pk}-comment") == "Nytt skrivet."
    stored = MeasureReport.objects.get(pk=mr.pk)
    assert (stored.comment, stored.evidence_file.name) == ("Sparat förut.", "")
    assert Report.objects.get(pk=report.pk).status == Report.Status.NOT_STARTED


def test_a_good_evidence_file_is_kept_and_raises_the_verification(editor, report, media):
    mr = actor_mr(report)
    data = form_data(editor.get(url_of(report)), **{f"m{mr.pk}-status": "done"})
    data[f"m{mr.pk}-evidence_file"] = SimpleUploadedFile("protokoll.pdf", files.pdf_bytes())
    assert editor.post(url_of(report), data).status_code == 302
    stored = MeasureReport.objects.get(pk=mr.pk)
    # evidence/<report>/<32 random hex digits>/<the name it was given>
    folder, report_id, token, name = stored.evidence_file.name.split("/")
    assert (folder, report_id, name) == ("evidence", str(report.pk), "protokoll.pdf")
    assert len(token) == 32 and int(token, 16) >= 0
    assert stored.verification == MeasureReport.Verification.EVIDENCE


def test_not_relevant_needs_a_reason_next_to_the_comment(editor, report):
    mr = actor_mr(report)
    response = editor.get(url_of(report))
    refused = editor.post(
        url_of(report), form_data(response, **{f"m{mr.pk}-status": "not_relevant"})
    )
    assert refused.status_code == 200
    assert "Förklara varför åtgärden inte längre är aktuell." in field_error(
        refused, f"m{mr.pk}-comment"
    )
    assert "Motivering" in text(by_id(refused, f"div_id_m{mr.pk}-comment"))
    assert MeasureReport.objects.get(pk=mr.pk).status == ""


def test_a_bad_link_is_refused_in_swedish(editor, report):
    mr = actor_mr(report)
    response = editor.get(url_of(report))
    refused = editor.post(
        url_of(report), form_data(response, **{f"m{mr.pk}-evidence_url": "inte en länk"})
    )
    assert "Fyll i en giltig URL" in field_error(refused, f"m{mr.pk}-evidence_url")


def test_the_indicator_shows_its_unit_baseline_and_target(editor, actor_a, halfway_round):
    pledge = signed_pledge_with(actor_a, 3)
    report = Report.objects.create_for(halfway_round, pledge)
    with_indicator = report.measure_reports.get(measure__indicator_unit="ton CO₂e")
    without = report.measure_reports.filter(
        measure__party=Party.ACTOR, measure__indicator_unit=""
    ).first()
    response = editor.get(url_of(report))
    box = text(by_id(response, f"div_id_m{with_indicator.pk}-indicator_value"))
    assert "Indikatorns värde (ton CO₂e)" in box
    assert "Utgångsvärde: 100 ton CO₂e." in box
    assert "Målvärde: 50 ton CO₂e." in box
    assert by_id(response, f"div_id_m{without.pk}-indicator_value") is None

    saved = editor.post(
        url_of(report), form_data(response, **{f"m{with_indicator.pk}-indicator_value": "72,5"})
    )
    assert saved.status_code == 302
    assert str(MeasureReport.objects.get(pk=with_indicator.pk).indicator_value) == "72.50"


def test_questions_are_answered_with_yes_or_no_and_text(editor, report, halfway_round):
    question = Question.objects.create(round=halfway_round, text="Har ni en miljöpolicy?")
    response = editor.get(url_of(report))
    # The question is the legend of a fieldset holding the answer and its comment.
    box = text(by_id(response, f"question-{question.pk}"))
    assert box.startswith("Har ni en miljöpolicy?")
    assert "Ja" in box and "Nej" in box and "Kommentar till svaret" in box
    editor.post(
        url_of(report),
        form_data(response, **{f"q{question.pk}-yes": "nej", f"q{question.pk}-text": "Snart."}),
    )
    report.refresh_from_db()
    assert report.answer_to(question) == {"yes": False, "text": "Snart."}


@pytest.mark.parametrize("measures", [5, 20])
def test_the_form_takes_the_same_queries_however_many_measures(
    editor, actor_a, coordinator, measures, django_assert_max_num_queries
):
    round = make_round(actor_a.county, created_by=coordinator)
    for n in range(3):
        Question.objects.create(round=round, text=f"Fråga {n}?")
    report = Report.objects.create_for(round, signed_pledge_with(actor_a, measures))
    # (One of them the second factor's: REQUEST_QUERIES.)
    with django_assert_max_num_queries(15):
        response = editor.get(url_of(report))
    assert response.status_code == 200
    assert len(response.context["page"].actor_measures) == measures


def test_a_negative_value_of_a_quantity_is_refused_next_to_the_field(
    editor, actor_a, halfway_round
):
    pledge = signed_pledge_with(actor_a, 3)
    report = Report.objects.create_for(halfway_round, pledge)
    mr = report.measure_reports.get(measure__indicator_unit="ton CO₂e")
    response = editor.get(url_of(report))
    refused = editor.post(
        url_of(report), form_data(response, **{f"m{mr.pk}-indicator_value": "-72,5"})
    )
    assert refused.status_code == 200
    assert "Värdet kan inte vara negativt i enheten ton CO₂e." in field_error(
        refused, f"m{mr.pk}-indicator_value"
    )
    assert MeasureReport.objects.get(pk=mr.pk).indicator_value is None
