"""Every number and date input of the portal holds a value the browser keeps.

A browser drops the value of an `<input type="number">` that is not an HTML
"valid floating-point number" ("2100,50" shows as an empty box, and the next
save posts it back blank), and of an `<input type="date">` that is not an ISO
date. The portal's numbers are text inputs with an inputmode, whose value must
read back as the number shown (pledges.fields); Chromium itself is in
tests/browser/test_numbers.py.
"""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from followup.models import MeasureReport, Report, Round
from pledges.models import Measure, Party, Pledge
from pledges.numbers import parse_number
from tests import factories
from tests.factories import make_round
from tests.followup.report_pages import form_data, url_of
from tests.helpers import logged_in
from tests.html import field_error, field_value
from tests.pledges.editor_pages import measure_data, pledge_data

# The HTML standard's "valid floating-point number" and "valid date string".
HTML_NUMBER = re.compile(r"-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?")
HTML_DATE = re.compile(r"\d{4,}-\d{2}-\d{2}")


class Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def inputs_of(response) -> list[dict]:
    assert response.status_code == 200, response.status_code
    parser = Inputs()
    parser.feed(response.content.decode())
    return parser.inputs


def kept_by_a_browser(inp) -> bool:
    value = inp.get("value")
    if not value:
        return True
    kind = inp.get("type", "text")
    if kind == "number":
        return bool(HTML_NUMBER.fullmatch(value))
    if kind == "date":
        if not HTML_DATE.fullmatch(value):
            return False
        datetime.date.fromisoformat(value)
        return True
    if inp.get("inputmode") in ("decimal", "numeric"):
        try:
            parse_number(value)
        except ValueError:
            return False
    return True


@pytest.fixture
def world(actor_a, editor_a, coordinator, national_admin):
    """Something to show in every form with a number or a date: a draft with an indicator,
    a signed pledge's report with an indicator value, a programme, a round, a pledge
    waiting for its paper signature."""
    draft = factories.pledge_in_status(
        Pledge.Status.DRAFT, actor=actor_a, start_year=2026, end_year=2029
    )
    measure = draft.measures.get(party=Party.ACTOR)
    Measure.objects.filter(pk=measure.pk).update(
        indicator_unit="ton CO₂e",
        indicator_baseline=Decimal("2100.50"),
        indicator_target=Decimal("20.50"),
    )
    signed = factories.signed_pledge(actor=actor_a, start_year=2022, end_year=2025)
    Measure.objects.filter(pledge=signed, party=Party.ACTOR).update(
        indicator_unit="kWh", indicator_baseline=Decimal("12000"), indicator_target=Decimal("9000")
    )
    round = make_round(actor_a.county, created_by=coordinator)
    report = Report.objects.create_for(round, signed)
    MeasureReport.objects.filter(report=report, measure__party=Party.ACTOR).update(
        indicator_value=Decimal("2100.50")
    )
    programme = factories.ProgrammeFactory(county=actor_a.county)
    theme = factories.ThemeFactory(programme=programme, order=3)
    approved = factories.pledge_in_status(
        Pledge.Status.APPROVED, actor=actor_a, start_year=2030, end_year=2033
    )
    return {
        "draft": draft,
        "measure": measure,
        "report": report,
        "round": round,
        "programme": programme,
        "theme": theme,
        "approved": approved,
        "editor": editor_a,
        "coordinator": coordinator,
        "admin": national_admin,
    }


def form_pages(w):
    """(who, address) of every page with a form that takes a number or a date."""
    draft, measure, report, round = w["draft"], w["measure"], w["report"], w["round"]
    board = w["draft"].measures.get(party=Party.BOARD)
    wet_ink = w["approved"].signatories.first()

    def admin(model, pk):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])

    return [
        ("editor", url_of(report)),
        ("editor", reverse("pledges:measure_edit", args=[draft.pk, measure.pk])),
        ("coordinator", reverse("pledges:measure_edit", args=[draft.pk, board.pk])),
        ("editor", reverse("pledges:edit", args=[draft.pk])),
        ("coordinator", reverse("pledges:create")),
        ("coordinator", reverse("workspace") + "?year=2026"),
        ("coordinator", reverse("pledges:programme_edit", args=[w["programme"].pk])),
        ("coordinator", reverse("pledges:theme_edit", args=[w["theme"].pk])),
        ("coordinator", reverse("followup:round_create") + "?typ=halfway&ar=2026"),
        ("coordinator", reverse("followup:round_edit", args=[round.pk])),
        ("coordinator", reverse("pledges:wet_ink", args=[w["approved"].pk, wet_ink.pk])),
        ("admin", admin(Measure, measure.pk)),
        ("admin", admin(Report, report.pk)),
        ("admin", admin(Round, round.pk)),
        ("admin", admin(Pledge, draft.pk)),
    ]


def test_every_number_and_date_input_holds_a_value_the_browser_keeps(world):
    checked = {"number": 0, "date": 0, "text": 0}
    for who, address in form_pages(world):
        for inp in inputs_of(logged_in(world[who]).get(address)):
            assert kept_by_a_browser(inp), (address, inp)
            kind = inp.get("type", "text")
            if inp.get("value") and (kind in ("number", "date") or inp.get("inputmode")):
                checked["text" if kind not in ("number", "date") else kind] += 1
    # Not a vacuous pass: the pages did show numbers and dates (the admin's are
    # number inputs, the portal's text inputs).
    assert all(checked.values()), checked


def test_the_portals_numbers_are_text_inputs_showing_swedish_numbers(world):
    report, draft, measure = world["report"], world["draft"], world["measure"]
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    pages = {
        "report": logged_in(world["editor"]).get(url_of(report)),
        "measure": logged_in(world["editor"]).get(
            reverse("pledges:measure_edit", args=[draft.pk, measure.pk])
        ),
        "round": logged_in(world["coordinator"]).get(
            reverse("followup:round_edit", args=[world["round"].pk])
        ),
    }
    fields = {
        "report": {f"m{mr.pk}-indicator_value": "2\xa0100,5"},
        "measure": {"indicator_baseline": "2\xa0100,5", "indicator_target": "20,5"},
        "round": {
            "opens": world["round"].opens.isoformat(),
            "due": world["round"].due.isoformat(),
        },
    }
    for name, response in pages.items():
        by_name = {inp.get("name"): inp for inp in inputs_of(response)}
        for html_name, shown in fields[name].items():
            inp = by_name[html_name]
            assert inp.get("value") == shown, (name, html_name)
            if name == "round":
                assert inp.get("type") == "date"
            else:
                assert (inp.get("type"), inp.get("inputmode")) == ("text", "decimal")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2100,5", "2100.50"),
        ("2100.5", "2100.50"),
        ("2 100,50", "2100.50"),
        ("2\xa0100,5", "2100.50"),
        ("-3,25", "-3.25"),
        ("0", "0.00"),
    ],
)
def test_a_decimal_is_read_as_people_write_it(world, typed, stored):
    client = logged_in(world["editor"])
    report = world["report"]
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    if typed.startswith("-"):
        # Tonnes are never negative (pledges.units); a change in tonnes may be.
        Measure.objects.filter(pk=mr.measure_id).update(indicator_unit="förändring, ton CO₂e")
    data = form_data(client.get(url_of(report)), **{f"m{mr.pk}-indicator_value": typed})
    assert client.post(url_of(report), data).status_code == 302
    assert str(MeasureReport.objects.get(pk=mr.pk).indicator_value) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("tusen", "Skriv ett tal, till exempel 2 100,5."),
        ("2.400,50", "Skriv ett tal, till exempel 2 100,5."),
        ("1e3", "Skriv ett tal, till exempel 2 100,5."),
        ("2100,555", "Skriv högst 2 decimaler."),
        ("1234567890123", "Talet är för stort"),
    ],
)
def test_a_bad_decimal_is_refused_beside_the_field_as_typed(world, typed, message):
    client = logged_in(world["editor"])
    report = world["report"]
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    name = f"m{mr.pk}-indicator_value"
    refused = client.post(url_of(report), form_data(client.get(url_of(report)), **{name: typed}))
    assert refused.status_code == 200
    assert message in field_error(refused, name)
    assert field_value(refused, name) == typed
    assert MeasureReport.objects.get(pk=mr.pk).indicator_value == Decimal("2100.50")


def test_a_bad_baseline_is_refused_beside_the_field_and_nothing_is_saved(world):
    draft, measure = world["draft"], world["measure"]
    client = logged_in(world["editor"])
    address = reverse("pledges:measure_edit", args=[draft.pk, measure.pk])
    data = measure_data(
        draft.revision, heading=measure.heading, text="Ny text.", unit="ton CO₂e",
        baseline="två tusen", target="20,5",
    )  # fmt: skip
    refused = client.post(address, data)
    assert refused.status_code == 200
    assert "Skriv ett tal, till exempel 2 100,5." in field_error(refused, "indicator_baseline")
    assert field_value(refused, "indicator_baseline") == "två tusen"
    assert field_value(refused, "text") == "Ny text."
    measure.refresh_from_db()
    assert (measure.indicator_baseline, measure.text) == (
        Decimal("2100.50"),
        "Vi ska göra något bra för miljön.",
    )


def test_a_year_that_is_not_a_year_is_refused_beside_the_field_as_typed(world):
    draft = world["draft"]
    client = logged_in(world["editor"])
    refused = client.post(
        reverse("pledges:edit", args=[draft.pk]), pledge_data(draft, start_year="tjugo")
    )
    assert refused.status_code == 200
    assert "Skriv ett årtal mellan 2000 och 2100." in field_error(refused, "start_year")
    assert field_value(refused, "start_year") == "tjugo"
    assert Pledge.objects.get(pk=draft.pk).start_year == 2026
