"""The coordinator's follow-up pages in Chromium: axe finds nothing, before and after opening."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.factories import PASSWORD

from .a11y import assert_accessible
from .pages import log_in_to_workspace


@pytest.fixture
def rounds_site(transactional_db, live_server):
    """A coordinator of Kronoberg, two actors' signed pledges and a halfway round not yet open,
    committed for the live server (`transactional_db` empties the reference tables after
    each test, so the counties and objectives are put back first)."""
    from actors.models import County
    from actors.reference import load_counties
    from followup.models import Round
    from pledges.models import EnvironmentalObjective, GlobalGoal, Pledge
    from pledges.reference import load_objectives_and_goals

    load_counties(County)
    load_objectives_and_goals(EnvironmentalObjective, GlobalGoal)
    kronoberg = factories.county("07")
    coordinator = factories.with_authenticator_app(
        factories.CountyRoleFactory(county=kronoberg).user
    )
    actor = factories.ActorFactory(county=kronoberg, name="Sjöbyns Bygg AB")
    editor = factories.MembershipFactory(actor=actor).user
    pledges = [
        factories.pledge_in_status(
            Pledge.Status.SIGNED, actor=actor, start_year=2023, end_year=2026
        ),
        factories.pledge_in_status(
            Pledge.Status.SIGNED,
            actor=factories.ActorFactory(county=kronoberg, name="Energikontoret"),
            start_year=2025,
            end_year=2025,
        ),
        factories.pledge_in_status(
            Pledge.Status.SIGNED,
            actor=factories.ActorFactory(county=kronoberg, name="Skogsdala skola"),
            start_year=2026,
            end_year=2029,
        ),
    ]
    round = Round.objects.create(
        county=kronoberg,
        kind=Round.Kind.HALFWAY,
        title="Halvtidsuppföljning 2025",
        opens=datetime.date(2025, 4, 1),
        due=datetime.date(2025, 6, 30),
        created_by=coordinator,
    )
    round.questions.create(order=1, text="Har ni fått det stöd ni behövde?")
    return {"user": coordinator, "editor": editor, "round": round, "pledges": pledges}


def test_round_list_and_create_are_accessible(rounds_site, page):
    log_in_to_workspace(page, rounds_site["user"].email, PASSWORD)
    page.goto("/arbetsyta/uppfoljning/")
    expect(page.get_by_role("link", name="Halvtidsuppföljning 2025")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ny omgång").click()
    assert_accessible(page)
    page.get_by_label("Typ av uppföljning").select_option("final")
    page.get_by_role("textbox", name=re.compile(r"^År")).fill("2027")
    page.get_by_role("button", name="Föreslå rubrik och datum").click()
    expect(page.get_by_role("textbox", name=re.compile(r"^Rubrik"))).to_have_value(
        "Slutuppföljning 2027"
    )
    assert_accessible(page)

    # With the dates in the wrong order, the message stands by the field.
    page.get_by_label("Öppnar").fill("2027-05-01")
    page.get_by_role("button", name="Skapa omgången").click()
    expect(page.locator(".invalid-feedback")).to_contain_text(
        "Sista dagen kan inte vara före den dag omgången öppnar."
    )
    assert_accessible(page)

    page.get_by_label("Öppnar").fill("2027-02-01")
    page.get_by_role("button", name="Skapa omgången").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Slutuppföljning 2027")


def test_round_detail_and_review_are_accessible(rounds_site, page):
    from followup.models import Report
    from tests.factories import fill

    log_in_to_workspace(page, rounds_site["user"].email, PASSWORD)
    page.goto(f"/arbetsyta/uppfoljning/{rounds_site['round'].pk}/")
    expect(page.get_by_label("Sjöbyns Bygg AB 2023–2026", exact=False)).to_be_checked()
    expect(page.get_by_label("Energikontoret 2025–2025", exact=False)).to_be_checked()
    assert_accessible(page)

    # The other signed pledges are folded away, and can be chosen too.
    page.get_by_text("Ett annat undertecknat löfte i länet").click()
    page.get_by_label("Skogsdala skola 2026–2029").check()
    assert_accessible(page)
    page.get_by_role("button", name="Öppna omgången och skicka inbjudningar").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Omgången är öppnad: 3 löften följs upp."
    )
    expect(page.get_by_role("table")).to_contain_text("Sjöbyns Bygg AB")
    assert_accessible(page)

    # The actor reports (its own pages are tested elsewhere) and submits.
    report = Report.objects.get(pledge=rounds_site["pledges"][0])
    report.save_draft(by=rounds_site["editor"], expected_revision=report.revision)
    fill(report)
    for question in rounds_site["round"].questions.all():
        report.set_answer(question, yes=True, text="Ja, två möten.")
    report.save()
    report.submit(by=rounds_site["editor"])
    page.goto(f"/arbetsyta/uppfoljning/rapport/{report.pk}/")
    expect(page.get_by_role("button", name="Godkänn")).to_be_visible()
    assert_accessible(page)

    # Sent back without a comment: the message by the field, axe still content.
    page.get_by_role("button", name="Skicka tillbaka").click()
    expect(page.locator(".invalid-feedback")).to_contain_text(
        "Skriv en kommentar om vad som behöver kompletteras."
    )
    assert_accessible(page)

    page.get_by_label("Bekräftat av länsstyrelsen").first.check()
    page.get_by_role("button", name="Godkänn").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Rapporten från Sjöbyns Bygg AB är godkänd."
    )
    page.goto(f"/arbetsyta/uppfoljning/rapport/{report.pk}/")
    expect(page.get_by_text("Rapporten är godkänd.", exact=False)).to_be_visible()
    assert_accessible(page)
