"""The board's commitments have no heading: where they are named, they are named whole
(the report form's headings, the review, the exports), and where room is short cut
after a whole word with an ellipsis, never mid-word ("… halvvägs och eft")."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from followup.models import Report
from pledges.models import Measure, Party
from tests.factories import report_in_status
from tests.helpers import logged_in
from tests.html import by_id, text

from .report_pages import url_of

COMMITMENT = (
    "Länsstyrelsen ska följa upp miljömålslöftet halvvägs och efter avslutad period, "
    "och bjuda in aktören till länets nätverksträffar för miljömålslöften."
)
CUT = "Länsstyrelsen ska följa upp miljömålslöftet halvvägs och eft"
LONG_TEXT = " ".join(f"ord{n}" for n in range(60)) + " sista."


@pytest.fixture
def commitment(pledge_a):
    """Actor A's signed pledge: the board's commitment is a long sentence without a heading,
    and the actor's measure has a heading and a text of 61 words (set past the lock)."""
    Measure.objects.filter(pledge=pledge_a, party=Party.ACTOR).update(text=LONG_TEXT)
    board = pledge_a.measures.get(party=Party.BOARD)
    Measure.objects.filter(pk=board.pk).update(heading="", text=COMMITMENT)
    return Measure.objects.get(pk=board.pk)


@pytest.fixture
def submitted(commitment, halfway_round, editor_a):
    report = Report.objects.create_for(halfway_round, commitment.pledge)
    return report_in_status(Report.Status.SUBMITTED, report, editor=editor_a)


def heading_of(response, mr) -> str:
    return text(by_id(response, f"measure-{mr.pk}-heading") or by_id(response, f"measure-{mr.pk}"))


def test_the_name_is_cut_after_a_whole_word(commitment):
    assert str(commitment) == "Länsstyrelsen ska följa upp miljömålslöftet halvvägs och…"
    assert len(str(commitment)) <= 60


def test_the_report_form_heads_the_commitment_with_its_whole_text(
    commitment, halfway_round, editor_a, coordinator
):
    report = Report.objects.create_for(halfway_round, commitment.pledge)
    mr = report.measure_reports.get(measure=commitment)
    # The editor sees the board's part read-only; the coordinator writes it.
    for user in (editor_a, coordinator):
        response = logged_in(user).get(url_of(report))
        assert response.status_code == 200
        heading = heading_of(response, mr)
        assert heading.startswith(COMMITMENT), user
        assert CUT not in response.content.decode().replace(COMMITMENT, "")


def test_the_review_shows_every_measure_whole(submitted, coordinator):
    response = logged_in(coordinator).get(reverse("followup:report_review", args=[submitted.pk]))
    html = response.content.decode()
    assert COMMITMENT in html
    assert CUT not in html.replace(COMMITMENT, "")
    # The actor's measure: its heading, and all 61 words of its text, not the first 40.
    assert LONG_TEXT in html


def test_the_exports_have_the_whole_commitment(submitted, coordinator):
    client = logged_in(coordinator)
    url = reverse("followup:round_export", args=[submitted.round.pk, "csv"])
    rows = list(
        csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig")), delimiter=";")
    )
    board = [row for row in rows if row["Part"] == "Länsstyrelsen"]
    assert [row["Åtgärd"] for row in board] == [COMMITMENT]
    url = reverse("followup:round_export", args=[submitted.round.pk, "xlsx"])
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert COMMITMENT in cells
