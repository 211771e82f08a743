"""The county's public page sums up its pledges from published pledges and accepted
reports only: how many pledges, actors and measures, the actors' measures by theme
and latest accepted status, and the programme's coverage. A draft pledge, one in
review or approved, a withdrawn one, a report under review, sent back or in draft:
none of them is ever counted, and every figure equals a count made here by hand."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse

from followup.dashboard import NOT_REPORTED, STATUS_KEYS
from followup.models import MeasureReport, Report, Round
from pledges.models import MeasureLink, Party, Pledge
from tests import factories
from tests.helpers import CAST
from tests.html import by_class, by_tag, page, text

S = MeasureReport.Status
R = Report.Status
# The status every report that must not count gives its measures: were any of them
# counted, "done" would not be zero.
LEAKED = S.DONE


def link(measure, pm, primary=True):
    # Past the signed pledge's lock, as the dashboard's tests do.
    MeasureLink.objects.bulk_create(
        [MeasureLink(measure=measure, programme_measure=pm, is_primary=primary)]
    )


def report(round, pledge, statuses, *, coordinator, to=R.ACCEPTED, rest=LEAKED):
    """`pledge`'s report in `round`, its measures given `statuses` ({measure: status},
    the rest `rest`), taken to `to`."""
    rep = Report.objects.create_for(round, pledge)
    rep.save_draft(by=None, expected_revision=rep.revision)
    for mr in rep.measure_reports.select_related("measure"):
        mr.status = statuses.get(mr.measure, rest)
        if mr.status == S.NOT_RELEVANT:
            mr.comment = "Inte längre aktuell."
        mr.save()
    if to == R.DRAFT:
        return rep
    rep.submit(by=None)
    if to == R.ACCEPTED:
        rep.accept(by=coordinator)
    elif to == R.CHANGES_REQUESTED:
        rep.request_changes(by=coordinator, note="Komplettera.")
    return rep


@pytest.fixture
def world(kronoberg, kalmar, coordinator, other_coordinator):
    """Kronoberg's programme: Klimat (1, 2) and Vatten (3, 4); measure 4 is served only
    by pledges that are not published. Two published pledges with accepted reports,
    and beside them one of each thing that must never count."""
    climate = factories.ThemeFactory(programme__county=kronoberg, name="Klimat", order=1)
    water = factories.ThemeFactory(programme=climate.programme, name="Vatten", order=2)
    pm1 = factories.ProgrammeMeasureFactory(theme=climate, number="1", title="Cykelvägar")
    pm2 = factories.ProgrammeMeasureFactory(theme=climate, number="2", title="Solceller")
    pm3 = factories.ProgrammeMeasureFactory(theme=water, number="3", title="Våtmarker")
    pm4 = factories.ProgrammeMeasureFactory(theme=water, number="4", title="Dagvatten")
    halfway = factories.make_round(kronoberg, Round.Kind.HALFWAY, due=datetime.date(2025, 6, 30))
    annual = factories.make_round(kronoberg, Round.Kind.ANNUAL, due=datetime.date(2026, 3, 31))

    company = factories.ActorFactory(county=kronoberg, kind="company", name="Bolaget AB")
    town = factories.ActorFactory(county=kronoberg, kind="municipality", name="Kommunen")
    # Signed: halfway accepted; its annual report is under review (submitted).
    signed = factories.signed_pledge_with(company, 2, indicator_every=0)
    a1, a2 = signed.measures.filter(party=Party.ACTOR).order_by("order")
    link(a1, pm1)
    link(a1, pm3, primary=False)
    link(a2, pm3)
    report(halfway, signed, {a1: S.STARTED, a2: S.HALF}, coordinator=coordinator, rest=S.STARTED)
    report(annual, signed, {}, coordinator=coordinator, to=R.SUBMITTED)
    # Concluded: halfway accepted; its annual report was sent back.
    concluded = factories.signed_pledge_with(town, 1, indicator_every=0)
    (c1,) = concluded.measures.filter(party=Party.ACTOR)
    link(c1, pm1)
    report(halfway, concluded, {c1: S.NOT_STARTED}, coordinator=coordinator, rest=S.STARTED)
    report(annual, concluded, {}, coordinator=coordinator, to=R.CHANGES_REQUESTED)
    concluded.conclude(note="Perioden är slut.")
    # Signed too, by the same company: its only report is a draft.
    drafted = factories.signed_pledge_with(company, 1, indicator_every=0, start_year=2026)
    (d1,) = drafted.measures.filter(party=Party.ACTOR)
    link(d1, pm2)
    report(annual, drafted, {}, coordinator=coordinator, to=R.DRAFT)

    # Never counted: pledges not published, each by an actor of its own, all on measure 4.
    hidden = []
    for status in (Pledge.Status.DRAFT, Pledge.Status.IN_REVIEW, Pledge.Status.APPROVED):
        actor = factories.ActorFactory(county=kronoberg, name=f"Dold {status}")
        pledge = factories.pledge_in_status(status, actor=actor)
        link(pledge.measures.get(party=Party.ACTOR), pm4)
        hidden.append(pledge)
    # Withdrawn after it was signed and its report accepted.
    quitter = factories.ActorFactory(county=kronoberg, name="Dold återkallad")
    withdrawn = factories.signed_pledge_with(quitter, 1, indicator_every=0)
    link(withdrawn.measures.get(party=Party.ACTOR), pm4)
    report(halfway, withdrawn, {}, coordinator=coordinator)
    withdrawn.withdraw(by=coordinator, note="Aktören drog sig ur.")
    hidden.append(withdrawn)

    # Another county's pledge, reported and accepted: not Kronoberg's figures.
    elsewhere = factories.ActorFactory(county=kalmar, name="Kalmarbolaget")
    kalmar_pledge = factories.signed_pledge_with(elsewhere, 3, indicator_every=0)
    kalmar_round = factories.make_round(kalmar, Round.Kind.HALFWAY)
    report(kalmar_round, kalmar_pledge, {}, coordinator=other_coordinator)
    return {
        "themes": (climate, water),
        "pm": (pm1, pm2, pm3, pm4),
        "published": (signed, concluded, drafted),
        "hidden": hidden,
    }


def county_page(client, county):
    response = client.get(reverse("actors:county", kwargs={"slug": county.slug}))
    assert response.status_code == 200
    return response


def rows_of(table) -> list[list[str]]:
    """The table's body and foot rows, as their cells' text."""
    return [
        [text(cell) for cell in row.children if getattr(cell, "name", None) in ("th", "td")]
        for row in by_tag(table, "tr")
        if not by_tag(row, "th") or by_tag(row, "td")
    ]


def summary_section(response):
    """The summary's section of the county page."""
    return next(
        section
        for section in by_tag(page(response), "section")
        if dict(section.attributes).get("aria-labelledby") == "summary-heading"
    )


# Counted by hand from the rows ------------------------------------------------------


def published_pledges(county):
    return [p for p in Pledge.objects.filter(county=county) if p.status in ("signed", "concluded")]


def latest_accepted_status(measure):
    """The status in the measure's latest accepted report of a published pledge."""
    reports = sorted(
        (
            mr
            for mr in MeasureReport.objects.filter(measure=measure).select_related(
                "report__round", "report__pledge"
            )
            if mr.report.status == R.ACCEPTED and mr.report.pledge.status in ("signed", "concluded")
        ),
        key=lambda mr: (mr.report.round.due, mr.report.round_id),
    )
    return reports[-1].status if reports else NOT_REPORTED


def statuses_by_hand(county, theme=None):
    counts = Counter()
    for pledge in published_pledges(county):
        for measure in pledge.measures.filter(party=Party.ACTOR):
            themes = {link.programme_measure.theme_id for link in measure.links.all()}
            if theme is None or theme.pk in themes:
                counts[latest_accepted_status(measure)] += 1
    return [counts.get(key, 0) for key in STATUS_KEYS]


def coverage_by_hand(pm):
    links = [
        link
        for link in MeasureLink.objects.filter(programme_measure=pm).select_related(
            "measure__pledge"
        )
        if link.measure.party == Party.ACTOR
        and link.measure.pledge.status in ("signed", "concluded")
    ]
    return (
        len({link.measure.pledge.actor_id for link in links}),
        len({link.measure.pledge_id for link in links}),
        len({link.measure_id for link in links}),
    )


# The tests ----------------------------------------------------------------------------


def test_the_figures_equal_counts_made_by_hand(world, client, kronoberg):
    response = county_page(client, kronoberg)
    section = summary_section(response)
    figures = text(by_class(section, "county-summary-figures")[0])
    published = published_pledges(kronoberg)
    measures = [m for p in published for m in p.measures.all()]

    assert f"Publicerade löften: {len(published)}" in figures
    assert f"Aktörer med publicerade löften: {len({p.actor_id for p in published})}" in figures
    actor_measures = sum(1 for m in measures if m.party == Party.ACTOR)
    assert f"Aktörernas åtgärder: {actor_measures}" in figures
    board = sum(1 for m in measures if m.party == Party.BOARD)
    assert f"Länsstyrelsens egna åtaganden i löftena: {board}" in figures
    covered = sum(1 for pm in world["pm"] if coverage_by_hand(pm)[1])
    assert f"minst ett publicerat löfte: {covered} av 4" in figures

    statuses, *coverage = by_tag(section, "table")
    climate, water = world["themes"]
    assert rows_of(statuses) == [
        ["Klimat", *map(str, statuses_by_hand(kronoberg, climate)), "3"],
        ["Vatten", *map(str, statuses_by_hand(kronoberg, water)), "2"],
        ["Alla aktörernas åtgärder", *map(str, statuses_by_hand(kronoberg)), "4"],
    ]
    expected = {}
    for pm in world["pm"]:
        actors, pledges, n = coverage_by_hand(pm)
        flag = "" if pledges else " Inget löfte ännu"
        expected.setdefault(pm.theme.name, []).append(
            [f"Åtgärd {pm.number}: {pm.title}{flag}", str(actors), str(pledges), str(n)]
        )
    assert [text(by_tag(t, "caption")[0]) for t in coverage] == ["Tema: Klimat", "Tema: Vatten"]
    assert [rows_of(t) for t in coverage] == [expected["Klimat"], expected["Vatten"]]


def test_nothing_unpublished_or_unaccepted_is_ever_counted(world, client, kronoberg):
    section = summary_section(county_page(client, kronoberg))
    figures = text(by_class(section, "county-summary-figures")[0])
    statuses, climate, water = by_tag(section, "table")

    # Three published pledges by two actors: none of the four hidden pledges' actors.
    assert "Publicerade löften: 3" in figures
    assert "Aktörer med publicerade löften: 2" in figures
    assert "Aktörernas åtgärder: 4" in figures
    assert "Länsstyrelsens egna åtaganden i löftena: 3" in figures
    # The halfway statuses (accepted) stand; nothing submitted, sent back, in draft or
    # in the withdrawn pledge's accepted report gave a "done". The draft report's
    # measure is not reported yet.
    #              done half started not_started not_relevant none
    assert rows_of(statuses)[-1] == ["Alla aktörernas åtgärder", "0", "1", "1", "1", "0", "1", "4"]
    # Measure 4 is served by the draft, in-review, approved and withdrawn pledges only.
    assert rows_of(water)[-1] == ["Åtgärd 4: Dagvatten Inget löfte ännu", "0", "0", "0"]
    assert "Dold" not in text(section)
    assert "Kalmarbolaget" not in text(section)


def test_the_public_summary_function_uses_the_published_scope(world, kronoberg):
    from followup.dashboard import public_summary

    summary = public_summary(kronoberg)

    assert (summary.pledges, summary.actors) == (3, 2)
    assert summary.measures["actor"][LEAKED] == 0
    assert summary.measures["board"][LEAKED] == 0
    pm4 = world["pm"][3]
    assert next(pm for pm in summary.coverage if pm.pk == pm4.pk).pledges == 0


@pytest.mark.parametrize("who", CAST)
def test_everyone_reads_the_same_summary(world, as_user, kronoberg, who):
    """The public page is the same for all: signing in shows no more of it."""
    anonymous = text(summary_section(county_page(as_user("anonymous"), kronoberg)))
    client = as_user(who)

    assert text(summary_section(county_page(client, kronoberg))) == anonymous
    assert "Löftena i siffror" in anonymous
    # Nothing in it leads to the workspace.
    links = by_tag(summary_section(county_page(client, kronoberg)), "a")
    assert all("/arbetsyta/" not in dict(a.attributes)["href"] for a in links)
    assert all("/oversikt/" not in dict(a.attributes)["href"] for a in links)


def test_a_county_with_nothing_published_says_so(kalmar, client):
    section = summary_section(county_page(client, kalmar))

    assert "Publicerade löften: 0" in text(section)
    assert "Inga publicerade åtgärder ännu." in text(section)
    assert "Länet har inget åtgärdsprogram i portalen." in text(section)
    assert by_tag(section, "table") == []


def test_the_summary_has_a_chart_with_its_table_and_no_script(world, client, kronoberg):
    response = county_page(client, kronoberg)
    html = response.content.decode()
    section = summary_section(response)

    assert len(by_tag(section, "svg")) >= 2  # the patterns and the chart
    assert "<script" not in html.split('id="summary-heading"')[1].split("<footer")[0]
    assert "css/charts.css" in html


@pytest.mark.parametrize("n", [2, 30])
def test_the_county_page_is_a_fixed_number_of_queries(
    kronoberg, coordinator, client, django_assert_max_num_queries, n
):
    theme = factories.ThemeFactory(programme__county=kronoberg, name="Klimat")
    pms = [factories.ProgrammeMeasureFactory(theme=theme, number=str(i)) for i in range(1, 4)]
    round = factories.make_round(kronoberg, Round.Kind.HALFWAY)
    for i in range(n):
        actor = factories.ActorFactory(county=kronoberg, name=f"Aktör {i}")
        pledge = factories.signed_pledge_with(actor, 2, indicator_every=0)
        for measure in pledge.measures.filter(party=Party.ACTOR):
            link(measure, pms[i % 3])
        if i % 2:
            report(round, pledge, {}, coordinator=coordinator, rest=S.STARTED)

    with django_assert_max_num_queries(QUERIES):
        county_page(client, kronoberg)


# The county, the pledge list and the summary's four, whatever the number of pledges.
QUERIES = 6


def test_the_summary_in_english(world, client, kronoberg):
    response = client.get("/en" + reverse("actors:county", kwargs={"slug": kronoberg.slug}))
    assert response.status_code == 200
    section = text(summary_section(response))

    assert "The pledges in figures" in section
    assert "Published pledges: 3" in section
    assert "Theme: Vatten" in section
    assert "Measure 4: Dagvatten No pledge yet" in section
