"""The public pages of what pledges serve: a theme and a measure of a county's action
programme, an environmental objective and a global goal across counties. Whoever asks,
they show published pledges only, and accepted follow-up only; a page costs the same
queries for few pledges as for many."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from followup.models import MeasureReport, Report, Round
from pledges.models import EnvironmentalObjective, GlobalGoal, MeasureLink, Pledge
from tests import factories
from tests.factories import make_round, report_in_status

from .search_pages import advance, pledge_saying
from .test_query_counts import make_signed_pledges

S = Pledge.Status
CAST = ["anonymous", "coordinator", "other_coordinator", "editor_a", "editor_b", "national_admin"]


@pytest.fixture
def programme(kronoberg, kalmar):
    """Kronoberg's measure 36 (theme Klimat och energi) and 37 beside it, and Kalmar's
    measure 3, all serving objective 1 and global goal 7."""
    energy = factories.ProgrammeMeasureFactory(
        theme__programme__county=kronoberg,
        theme__name="Klimat och energi",
        number="36",
        title="Effektivisera energianvändningen",
        description="Aktörer i länet effektiviserar sin energianvändning.",
    )
    other = factories.ProgrammeMeasureFactory(theme=energy.theme, number="37", title="Solel")
    coast = factories.ProgrammeMeasureFactory(
        theme__programme__county=kalmar, theme__name="Hav och kust", number="3"
    )
    climate = EnvironmentalObjective.objects.get(number=1)
    energy_goal = GlobalGoal.objects.get(number=7)
    for pm in (energy, other, coast):
        pm.objectives.set([climate])
        pm.global_goals.set([energy_goal])
    return {"energy": energy, "other": other, "coast": coast}


@pytest.fixture
def pledges(actor_a, actor_b, kalmar, programme):
    """Actor A's signed pledge serving measure 36 (its other link primary), actor B's
    concluded one serving it as primary, Kalmar's serving measure 3; and actor A's
    draft, in review, approved and withdrawn pledges serving all three."""
    kalmar_actor = factories.ActorFactory(county=kalmar, name="Kalmar Hamn AB")
    published = {
        "a": pledge_saying(
            actor=actor_a,
            measures=[("Solceller på lagret", "Vi bygger solceller.")],
            links=[programme["energy"]],
        ),
        "b": pledge_saying(S.CONCLUDED, actor=actor_b, start_year=2019, end_year=2022),
        "kalmar": pledge_saying(actor=kalmar_actor, links=[programme["coast"]]),
    }
    measure_b = published["b"].measures.filter(party="actor").get()
    MeasureLink.objects.filter(measure__pledge=published["b"]).delete()
    # The pledge is concluded: its links are written as the workflow would have.
    MeasureLink.objects.bulk_create(
        [MeasureLink(measure=measure_b, programme_measure=programme["energy"], is_primary=True)]
    )
    unpublished = [
        pledge_saying(
            status,
            actor=actor_a,
            measures=[("Hemligt utkast", "Det här är inte publicerat.")],
            links=list(programme.values()),
        )
        for status in (S.DRAFT, S.IN_REVIEW, S.APPROVED, S.WITHDRAWN)
    ]
    return {**published, "unpublished": unpublished}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def urls(programme, kronoberg):
    energy = programme["energy"]
    return {
        "theme": reverse("pledges:theme", args=[kronoberg.slug, energy.theme_id]),
        "programme_measure": reverse("pledges:programme_measure", args=[kronoberg.slug, energy.pk]),
        "objective": reverse("pledges:objective", args=[1]),
        "goal": reverse("pledges:goal", args=[7]),
    }


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("page", ["theme", "programme_measure", "objective", "goal"])
def test_everyone_sees_the_published_pledges_and_no_other(
    as_user, cast, programme, pledges, kronoberg, who, page
):
    html = get(as_user(who), urls(programme, kronoberg)[page])
    assert pledges["a"].get_absolute_url() in html
    assert pledges["b"].get_absolute_url() in html
    assert "Aktör A AB" in html and "Aktör B AB" in html
    for pledge in pledges["unpublished"]:
        assert pledge.get_absolute_url() not in html
    assert "Hemligt utkast" not in html
    # Kalmar's pledge serves the objective and the goal, not Kronoberg's programme.
    across = page in ("objective", "goal")
    assert (pledges["kalmar"].get_absolute_url() in html) is across


def test_the_programme_measure_page_shows_its_text_goals_and_primary_pledges_first(
    client, programme, pledges, kronoberg
):
    html = get(client, urls(programme, kronoberg)["programme_measure"])
    assert "Åtgärd 36" in html and "Effektivisera energianvändningen" in html
    assert "Aktörer i länet effektiviserar sin energianvändning." in html
    assert reverse("pledges:objective", args=[1]) in html
    assert reverse("pledges:goal", args=[7]) in html
    assert "Begränsad klimatpåverkan" in html and "Hållbar energi för alla" in html
    # B links as primary, A does not: B first, whatever the names' order.
    assert html.index("Aktör B AB") < html.index("Aktör A AB")
    assert "Solceller på lagret" in html
    assert f"?programme_measure={programme['energy'].pk}" in html


def test_the_theme_page_lists_its_measures_and_their_pledges(client, programme, pledges, kronoberg):
    html = get(client, urls(programme, kronoberg)["theme"])
    for pm in (programme["energy"], programme["other"]):
        assert reverse("pledges:programme_measure", args=[kronoberg.slug, pm.pk]) in html
    assert "Solel" in html
    assert "Inget publicerat löfte ännu." in html  # measure 37
    assert "2 publicerade löften bidrar till dem." in html


def test_the_objective_and_goal_pages_count_per_county(client, programme, pledges, kronoberg):
    for page in ("objective", "goal"):
        html = get(client, urls(programme, kronoberg)[page])
        rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", html)
        counts = [re.findall(r'<td class="text-end">(\d+)</td>', row) for row in rows]
        assert counts == [["2", "1", "2"], ["1", "1", "1"]]  # Kronoberg, Kalmar
        assert "3 publicerade löften i alla län." in html


def test_an_objective_nobody_serves_says_so(client, db):
    html = get(client, reverse("pledges:objective", args=[0]))
    assert "Generationsmålet" in html
    assert "Inget åtgärdsprogram i portalen tar upp målet ännu." in html


@pytest.mark.parametrize(
    "url",
    [
        "/miljomal/17/",
        "/globala-malen/0/",
        "/globala-malen/18/",
        "/lan/finns-inte/atgard/1/",
    ],
)
def test_unknown_numbers_are_not_found(client, db, url):
    assert client.get(url).status_code == 404


def test_a_county_address_holds_only_its_own_programme(client, programme, kalmar, kronoberg):
    coast = programme["coast"]
    assert (
        client.get(
            reverse("pledges:programme_measure", args=[kronoberg.slug, coast.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("pledges:theme", args=[kronoberg.slug, coast.theme_id])).status_code
        == 404
    )
    assert (
        client.get(reverse("pledges:programme_measure", args=[kalmar.slug, coast.pk])).status_code
        == 200
    )


M = MeasureReport.Status
R = Report.Status


@pytest.mark.parametrize("status", [R.NOT_STARTED, R.DRAFT, R.SUBMITTED, R.CHANGES_REQUESTED])
def test_reports_not_accepted_never_show_their_status(
    client, programme, pledges, kronoberg, editor_a, coordinator, status
):
    halfway = make_round(kronoberg, Round.Kind.HALFWAY)
    report = Report.objects.create_for(halfway, pledges["a"])
    report_in_status(status, report, editor=editor_a, coordinator=coordinator)
    html = get(client, urls(programme, kronoberg)["programme_measure"])
    assert "Genomförd" not in html and "Halvtidsuppföljning" not in html
    assert html.count("Ingen godkänd uppföljning ännu") == 2


def test_the_latest_accepted_status_shows_beside_each_measure(
    client, programme, pledges, kronoberg, editor_a, coordinator
):
    halfway = make_round(kronoberg, Round.Kind.HALFWAY)
    report = Report.objects.create_for(halfway, pledges["a"])
    report_in_status(R.ACCEPTED, report, editor=editor_a, coordinator=coordinator)
    html = get(client, urls(programme, kronoberg)["programme_measure"])
    assert "Genomförd" in html and "Halvtidsuppföljning 2025" in html
    assert html.count("Ingen godkänd uppföljning ännu") == 1  # actor B's


def test_the_pledge_page_links_each_number_of_its_link_line(client, kronoberg, actor_a):
    energy = factories.ProgrammeMeasureFactory(
        theme__programme__county=kronoberg, theme__name="Klimat och energi", number="2"
    )
    sixty_three = factories.ProgrammeMeasureFactory(theme=energy.theme, number="63")
    consumption = factories.ProgrammeMeasureFactory(
        theme__programme=energy.theme.programme, theme__name="Hållbar konsumtion", number="14"
    )
    pledge = pledge_saying(
        S.DRAFT, actor=actor_a, measures=[("Energi", "Vi sparar.")], links=[energy, sixty_three]
    )
    measure = pledge.measures.get(heading="Energi")
    factories.MeasureLinkFactory(measure=measure, programme_measure=consumption, is_primary=True)
    pledge = advance(pledge, S.SIGNED)
    html = get(client, pledge.get_absolute_url())

    def link(pm, text):
        url = reverse("pledges:programme_measure", args=[kronoberg.slug, pm.pk])
        return f'<a href="{url}">{text}</a>'

    assert (
        f"Koppling till åtgärd {link(energy, '2')} och {link(sixty_three, '63')}, tema Klimat "
        f"och energi samt åtgärd {link(consumption, '14')} (främst), tema Hållbar konsumtion"
    ) in html


def test_a_written_link_line_keeps_its_words_and_links_its_numbers(client, kronoberg, actor_a):
    pms = [factories.ProgrammeMeasureFactory(theme__programme__county=kronoberg, number="14")]
    pms += [factories.ProgrammeMeasureFactory(theme=pms[0].theme, number=n) for n in ("15", "16")]
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
    measure = pledge.measures.get(party="actor")
    measure.link_text = "Koppling till åtgärd 14, 15, 16, tema Klimat och energi (se 99)"
    measure.save()
    for pm in pms:
        factories.MeasureLinkFactory(measure=measure, programme_measure=pm)
    pledge = advance(pledge, S.SIGNED)
    html = get(client, pledge.get_absolute_url())
    urls = [reverse("pledges:programme_measure", args=[kronoberg.slug, pm.pk]) for pm in pms]
    assert (
        f'Koppling till åtgärd <a href="{urls[0]}">14</a>, <a href="{urls[1]}">15</a>, '
        f'<a href="{urls[2]}">16</a>, tema Klimat och energi (se 99)'
    ) in html


def test_the_county_page_links_its_programme(client, programme, pledges, kronoberg):
    html = get(client, kronoberg.get_absolute_url())
    energy = programme["energy"]
    assert reverse("pledges:theme", args=[kronoberg.slug, energy.theme_id]) in html
    for pm in (energy, programme["other"]):
        assert reverse("pledges:programme_measure", args=[kronoberg.slug, pm.pk]) in html


# Query counts ------------------------------------------------------------------------

SIZES = [pytest.param(2, 2, id="2 pledges x 2 measures"), pytest.param(40, 10, id="40 x 10")]
# Theme page: the theme with its programme and county, its measures, the links.
# The theme, its measures with their pledges, and its good examples with their pictures.
THEME_QUERIES = 5
# Programme measure page: the measure with its theme, programme and county, its
# objectives, its goals, the links, the latest accepted statuses (followup's tag).
MEASURE_QUERIES = 5
# Objective (goal) page: the objective, its programme measures, the links.
CODE_QUERIES = 3


@pytest.fixture
def many(kronoberg, editor_a, coordinator):
    def build(n_pledges, n_measures):
        theme = factories.ThemeFactory(programme=factories.ProgrammeFactory(county=kronoberg))
        pms = [factories.ProgrammeMeasureFactory(theme=theme) for _ in range(3)]
        climate = EnvironmentalObjective.objects.get(number=1)
        goal = GlobalGoal.objects.get(number=7)
        for pm in pms:
            pm.objectives.set([climate])
            pm.global_goals.set([goal])
        actors = factories.ActorFactory.create_batch(n_pledges, county=kronoberg)
        made = make_signed_pledges(actors, n_measures, pms)
        halfway = make_round(kronoberg, Round.Kind.HALFWAY)
        for pledge in made[: n_pledges // 2]:
            report = Report.objects.create_for(halfway, pledge)
            report.measure_reports.update(status=M.STARTED)
            now = timezone.now()
            Report.objects.filter(pk=report.pk).update(
                status=R.ACCEPTED, submitted_at=now, reviewed_at=now
            )
        return pms

    return build


@pytest.mark.parametrize(("n_pledges", "n_measures"), SIZES)
def test_each_page_costs_the_same_queries_whatever_its_size(
    client, many, kronoberg, django_assert_max_num_queries, n_pledges, n_measures
):
    pms = many(n_pledges, n_measures)
    pages = [
        (reverse("pledges:theme", args=[kronoberg.slug, pms[0].theme_id]), THEME_QUERIES),
        (
            reverse("pledges:programme_measure", args=[kronoberg.slug, pms[0].pk]),
            MEASURE_QUERIES,
        ),
        (reverse("pledges:objective", args=[1]), CODE_QUERIES),
        (reverse("pledges:goal", args=[7]), CODE_QUERIES),
    ]
    for url, queries in pages:
        with django_assert_max_num_queries(queries):
            html = get(client, url)
        assert html.count("lofte-") >= n_pledges
    measure_page = get(client, pages[1][0])
    assert "Påbörjad" in measure_page


def test_the_pages_read_in_english(client, programme, pledges, kronoberg):
    pages = urls(programme, kronoberg)
    html = get(client, "/en" + pages["programme_measure"])
    assert "Pledges that contribute" in html and "No accepted follow-up yet" in html
    assert "Measure 36" in html and "Reduced Climate Impact" in html
    html = get(client, "/en" + pages["objective"])
    assert "3 published pledges in all counties." in html
    html = get(client, "/en" + pages["theme"])
    assert "2 published pledges contribute to them." in html
