"""The dashboard's figures equal the same figures counted by hand from the rows: a
measure's status is the one in its latest accepted report, drafts and withdrawn
pledges and reports not accepted never count, the board's commitments are
counted apart, coverage lists what nobody pledged first, indicators are summed
per unit only."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from followup import dashboard
from followup.dashboard import NOT_REPORTED, Filters
from followup.models import MeasureReport, Report, Round
from pledges.models import MeasureLink, Party, Pledge
from tests import factories

S = MeasureReport.Status
TODAY = datetime.date(2026, 12, 2)


def link(measure, pm, primary=False):
    # The pledge is signed: its links are set past the model's lock, as the export tests do.
    MeasureLink.objects.bulk_create(
        [MeasureLink(measure=measure, programme_measure=pm, is_primary=primary)]
    )


def report(round, pledge, statuses, *, coordinator, to=Report.Status.ACCEPTED, values=None):
    """`pledge`'s report in `round`, its measures given `statuses` ({measure: status},
    the rest done), taken to `to`."""
    values = values or {}
    rep = Report.objects.create_for(round, pledge)
    rep.save_draft(by=None, expected_revision=rep.revision)
    for mr in rep.measure_reports.select_related("measure"):
        mr.status = statuses.get(mr.measure, S.DONE)
        if mr.status == S.NOT_RELEVANT:
            mr.comment = "Inte längre aktuell."
        mr.indicator_value = values.get(mr.measure)
        mr.save()
    if to == Report.Status.DRAFT:
        return rep
    rep.submit(by=None)
    if to == Report.Status.ACCEPTED:
        rep.accept(by=coordinator)
    elif to == Report.Status.CHANGES_REQUESTED:
        rep.request_changes(by=coordinator, note="Komplettera.")
    return rep


@pytest.fixture
def world(kronoberg, kalmar, coordinator, other_coordinator):
    """Kronoberg: three programme measures (the third pledged by nobody), four pledges
    (two signed with reports in two rounds, a draft and a withdrawn one); Kalmar: one
    signed pledge with an accepted report."""
    from pledges.models import EnvironmentalObjective, GlobalGoal

    climate = factories.ThemeFactory(programme__county=kronoberg, name="Klimat")
    water = factories.ThemeFactory(programme=climate.programme, name="Vatten")
    pm1 = factories.ProgrammeMeasureFactory(theme=climate, number="1", title="Cykel")
    pm2 = factories.ProgrammeMeasureFactory(theme=climate, number="2", title="Sol")
    pm3 = factories.ProgrammeMeasureFactory(theme=water, number="3", title="Våtmark")
    objective = EnvironmentalObjective.objects.get(number=1)
    goal = GlobalGoal.objects.get(number=13)
    pm1.objectives.add(objective)
    pm2.objectives.add(objective)
    pm1.global_goals.add(goal)

    company = factories.ActorFactory(county=kronoberg, kind="company", municipality="0780")
    town = factories.ActorFactory(county=kronoberg, kind="municipality", municipality="0764")
    p1 = factories.signed_pledge_with(company, 3, indicator_every=1, start_year=2023)
    p2 = factories.signed_pledge_with(town, 2, indicator_every=0, start_year=2024)
    draft = factories.pledge_in_status(Pledge.Status.DRAFT, actor=town)
    withdrawn = factories.pledge_in_status(Pledge.Status.WITHDRAWN, actor=company)
    a1, a2, a3 = p1.measures.filter(party=Party.ACTOR).order_by("order")
    b1, b2 = p2.measures.filter(party=Party.ACTOR).order_by("order")
    # Indicators in two units, set past the lock like the links.
    type(a1).objects.filter(pk=a1.pk).update(indicator_unit="ton CO₂e")
    type(a3).objects.filter(pk=a3.pk).update(indicator_unit="MWh")
    link(a1, pm1, primary=True)
    link(a1, pm2)
    link(a2, pm2, primary=True)
    link(b1, pm1, primary=True)
    link(draft.measures.filter(party=Party.ACTOR).first(), pm3, primary=True)

    halfway = factories.make_round(kronoberg, Round.Kind.HALFWAY, due=datetime.date(2025, 6, 30))
    annual = factories.make_round(kronoberg, Round.Kind.ANNUAL, due=datetime.date(2026, 3, 31))
    report(
        halfway,
        p1,
        {a1: S.STARTED, a2: S.STARTED, a3: S.HALF},
        coordinator=coordinator,
        values={a1: Decimal("10"), a2: Decimal("2.5"), a3: Decimal("7")},
    )
    report(halfway, p2, {b1: S.NOT_STARTED, b2: S.STARTED}, coordinator=coordinator)
    report(
        annual,
        p1,
        {a1: S.DONE, a2: S.STARTED, a3: S.NOT_RELEVANT},
        coordinator=coordinator,
        values={a1: Decimal("20"), a2: Decimal("5"), a3: Decimal("9")},
    )
    # Under review: its statuses must not count, the halfway ones still do.
    report(annual, p2, {b1: S.DONE, b2: S.DONE}, coordinator=coordinator, to="submitted")

    kalmar_actor = factories.ActorFactory(county=kalmar, kind="company")
    k1 = factories.signed_pledge_with(kalmar_actor, 1)
    kalmar_pm = factories.ProgrammeMeasureFactory(theme__programme__county=kalmar, number="9")
    kalmar_pm.objectives.add(objective)
    link(k1.measures.get(party=Party.ACTOR), kalmar_pm, primary=True)
    kalmar_round = factories.make_round(kalmar, Round.Kind.HALFWAY)
    report(kalmar_round, k1, {}, coordinator=other_coordinator)
    return {
        "pm": (pm1, pm2, pm3),
        "themes": (climate, water),
        "objective": objective,
        "goal": goal,
        "pledges": (p1, p2, draft, withdrawn),
        "rounds": (halfway, annual),
        "measures": (a1, a2, a3, b1, b2),
    }


def latest_accepted(measure, as_of=None):
    """The measure's status in its latest accepted report, counted here from the rows."""
    reports = [
        mr
        for mr in MeasureReport.objects.filter(measure=measure).select_related(
            "report__round", "report__pledge"
        )
        if mr.report.status == Report.Status.ACCEPTED
        and mr.report.pledge.status in Pledge.PUBLISHED_STATUSES
        and (as_of is None or mr.report.round.due <= as_of.due)
    ]
    reports.sort(key=lambda mr: (mr.report.round.due, mr.report.round_id), reverse=True)
    return reports


def by_hand(county, party, as_of=None, theme=None):
    counts = Counter()
    for pledge in Pledge.objects.filter(county=county, status__in=Pledge.PUBLISHED_STATUSES):
        for measure in pledge.measures.filter(party=party):
            if theme and not measure.links.filter(programme_measure__theme=theme).exists():
                continue
            reports = latest_accepted(measure, as_of)
            counts[reports[0].status if reports else NOT_REPORTED] += 1
    return {key: counts.get(key, 0) for key in dashboard.STATUS_KEYS}


def test_measure_statuses_are_the_latest_accepted_ones_counted_by_hand(world, kronoberg):
    figures = dashboard.measure_figures([kronoberg.pk], Filters())

    assert figures["actor"] == by_hand(kronoberg, Party.ACTOR)
    assert figures["board"] == by_hand(kronoberg, Party.BOARD)
    # p1's annual statuses, p2's halfway ones (its annual report is only submitted).
    assert figures["actor"] == {
        "done": 1,
        "half": 0,
        "started": 2,
        "not_started": 1,
        "not_relevant": 1,
        NOT_REPORTED: 0,
    }


def test_the_boards_commitments_are_counted_apart(world, kronoberg):
    figures = dashboard.measure_figures([kronoberg.pk], Filters())

    # One commitment of the board per signed pledge; none in the draft or the withdrawn one.
    assert sum(figures["board"].values()) == 2
    assert sum(figures["actor"].values()) == 5
    assert figures["board"]["done"] == 2


def test_as_of_a_round_counts_the_reports_accepted_by_then(world, kronoberg):
    halfway, _annual = world["rounds"]
    figures = dashboard.measure_figures([kronoberg.pk], Filters(round=halfway))

    assert figures["actor"] == by_hand(kronoberg, Party.ACTOR, as_of=halfway)
    assert figures["actor"]["started"] == 3


def test_statuses_by_theme_objective_and_goal(world, kronoberg):
    climate, water = world["themes"]
    a1, a2, _a3, b1, _b2 = world["measures"]
    figures = dashboard.measure_figures([kronoberg.pk], Filters())

    assert figures["by_theme"][climate.pk] == by_hand(kronoberg, Party.ACTOR, theme=climate)
    # The draft's measure is linked to the water theme: it never counts.
    assert water.pk not in figures["by_theme"]
    objective = figures["by_objective"][world["objective"].pk]
    assert sum(objective.values()) == 3  # a1, a2, b1: each once, though a1 serves two measures
    goal = figures["by_goal"][world["goal"].pk]
    assert goal == {**dict.fromkeys(dashboard.STATUS_KEYS, 0), "done": 1, "not_started": 1}
    assert {a1.pk, a2.pk, b1.pk} == {
        m.pk for m in dashboard.rows([kronoberg.pk], Filters(), objective=world["objective"].pk)
    }


def test_coverage_lists_the_measures_nobody_pledged_first(world, kronoberg):
    pm1, pm2, pm3 = world["pm"]
    rows = dashboard.coverage([kronoberg.pk], Filters())

    assert [pm.pk for pm in rows] == [pm3.pk, pm1.pk, pm2.pk]
    by_pk = {pm.pk: pm for pm in rows}
    # pm3 is only in the draft: nobody has pledged to it.
    assert (by_pk[pm3.pk].pledges, by_pk[pm3.pk].actors) == (0, 0)
    assert (by_pk[pm1.pk].actors, by_pk[pm1.pk].pledges) == (2, 2)
    assert (by_pk[pm1.pk].primary_pledges, by_pk[pm1.pk].other_pledges) == (2, 0)
    assert (by_pk[pm2.pk].primary_pledges, by_pk[pm2.pk].other_pledges) == (1, 1)
    # Counted by hand from the links of published pledges' actor measures.
    for pm in rows:
        links = MeasureLink.objects.filter(
            programme_measure=pm,
            measure__party=Party.ACTOR,
            measure__pledge__status__in=Pledge.PUBLISHED_STATUSES,
        )
        assert pm.pledges == len({link.measure.pledge_id for link in links})


def test_transitions_and_stalled_measures_between_rounds(world, kronoberg):
    a1, a2, a3, _b1, _b2 = world["measures"]
    between = dashboard.between_rounds([kronoberg.pk], Filters())

    # Counted by hand: the two latest accepted reports of every actor measure.
    expected = Counter()
    for measure in world["measures"]:
        reports = latest_accepted(measure)
        if len(reports) >= 2:
            expected[(reports[1].status, reports[0].status)] += 1
    got = Counter(
        {
            (before, after): n
            for before, row in between["table"].items()
            for after, n in row.items()
            if n
        }
    )
    assert (
        got
        == expected
        == Counter({("started", "done"): 1, ("started", "started"): 1, ("half", "not_relevant"): 1})
    )
    assert [m.pk for m in between["stalled"]] == [a2.pk]
    stalled_rows = dashboard.rows([kronoberg.pk], Filters(), selection="stillastaende")
    assert [m.pk for m in stalled_rows] == [a2.pk]


def test_indicators_are_summed_per_unit_never_across(world, kronoberg):
    rows = dashboard.indicators([kronoberg.pk], Filters())

    assert rows == [
        {"indicator_unit": "MWh", "total": Decimal("9"), "n": 1},
        {"indicator_unit": "ton CO₂e", "total": Decimal("25"), "n": 2},
    ]
    behind = dashboard.rows([kronoberg.pk], Filters(), unit="ton CO₂e")
    assert sum(m.latest_value for m in behind) == Decimal("25")


def test_completion_per_round(world, kronoberg):
    halfway, annual = world["rounds"]
    result = dashboard.completion([kronoberg.pk], Filters(), TODAY)
    rounds = {r.pk: r for r in result["rounds"]}

    assert (rounds[halfway.pk].asked, rounds[halfway.pk].accepted) == (2, 2)
    assert (rounds[annual.pk].accepted, rounds[annual.pk].submitted) == (1, 1)
    assert rounds[annual.pk].owed == 0
    assert result["late"] == []


def test_pledge_figures(world, kronoberg):
    p1, p2, draft, withdrawn = world["pledges"]
    figures = dashboard.pledge_figures([kronoberg.pk], Filters(), TODAY)

    by_status = {value: n for value, _label, n in figures["by_status"]}
    assert by_status["signed"] == 2
    assert by_status["draft"] == 1
    assert by_status["withdrawn"] == 1
    assert figures["total"] == 2
    assert dict(figures["by_start_year"]) == {2023: 1, 2024: 1}
    assert dict(figures["by_kind"]) == {"company": 1, "municipality": 1}
    filtered = dashboard.pledge_figures([kronoberg.pk], Filters(kind="company"), TODAY)
    assert filtered["total"] == 1


def test_data_quality(world, kronoberg):
    _a1, _a2, a3, _b1, b2 = world["measures"]
    quality = dashboard.data_quality([kronoberg.pk], Filters())

    assert quality["pledges_without_followup"] == []
    # a3 and b2 have no programme link.
    unlinked = {
        m.pk
        for m in dashboard.rows([kronoberg.pk], Filters(), party="actor", selection="utan-koppling")
    }
    assert unlinked == {a3.pk, b2.pk}
    assert quality["measures_without_link"] == 2
    # Nothing carries evidence: every measure with an accepted report lacks it.
    assert quality["accepted_without_evidence"] == 7
    assert len(quality["actors_without_representative"]) == 2


def test_the_national_figures_are_the_counties_figures_summed(world, kronoberg, kalmar):
    national = dashboard.national_figures(Filters(), TODAY)
    rows = {row["county"].pk: row for row in national["rows"]}

    for county in (kronoberg, kalmar):
        assert rows[county.pk]["statuses"] == by_hand(county, Party.ACTOR)
        assert rows[county.pk]["board"] == by_hand(county, Party.BOARD)
    assert rows[kronoberg.pk]["pledges"] == 2
    assert (rows[kronoberg.pk]["programme_measures"], rows[kronoberg.pk]["covered"]) == (3, 2)
    assert national["totals"]["pledges"] == 3
    assert national["totals"]["statuses"] == {
        key: by_hand(kronoberg, Party.ACTOR)[key] + by_hand(kalmar, Party.ACTOR)[key]
        for key in dashboard.STATUS_KEYS
    }
    # Compared by the shared objectives, although the counties' themes differ.
    objective = next(r for r in national["by_objective"] if r["code"] == world["objective"])
    assert objective["total"] == 4  # a1, a2, b1 in Kronoberg, Kalmar's one
    cells = {county.pk: n for county, n, _done in objective["cells"]}
    assert cells == {kronoberg.pk: 3, kalmar.pk: 1}
