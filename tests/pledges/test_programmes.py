"""The action programme in the workspace: who may reach it, the forms, the query counts."""

import pytest
from django.urls import reverse

from pledges.models import EnvironmentalObjective, GlobalGoal, Programme, ProgrammeMeasure, Theme
from tests import factories
from tests.helpers import CAST, REQUEST_QUERIES, expected_status


@pytest.fixture
def programme(kronoberg):
    return factories.ProgrammeFactory(
        county=kronoberg, name="Kronobergs åtgärdsprogram", start_year=2021, end_year=2026
    )


@pytest.fixture
def theme(programme):
    return factories.ThemeFactory(programme=programme, name="Klimat och energi", order=1)


@pytest.fixture
def measure(theme):
    measure = factories.ProgrammeMeasureFactory(theme=theme, number="36", title="Solceller")
    measure.objectives.set(EnvironmentalObjective.objects.filter(number__in=[1, 15]))
    measure.global_goals.set(GlobalGoal.objects.filter(number=7))
    return measure


# Who may reach what


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(
    "name", ["programme_list", "programme_create", "programme_import_template"]
)
def test_pages_without_an_object(as_user, who, name):
    response = as_user(who).get(reverse(f"pledges:{name}"))
    assert response.status_code == expected_status(who, of_kronoberg=False)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


OBJECT_PAGES = [
    ("programme_detail", "programme"),
    ("programme_edit", "programme"),
    ("programme_import", "programme"),
    ("theme_create", "programme"),
    ("programme_measure_create", "programme"),
    ("theme_edit", "theme"),
    ("programme_measure_edit", "measure"),
]


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(("name", "obj"), OBJECT_PAGES, ids=[name for name, _ in OBJECT_PAGES])
def test_pages_of_kronobergs_programme(as_user, request, measure, who, name, obj):
    url = reverse(f"pledges:{name}", args=[request.getfixturevalue(obj).pk])
    response = as_user(who).get(url)
    assert response.status_code == expected_status(who, of_kronoberg=True)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["anonymous", "editor_b", "other_coordinator"])
def test_nobody_else_can_change_kronobergs_programme(as_user, programme, theme, measure, who):
    client = as_user(who)
    posts = [
        ("programme_edit", programme.pk, {"name": "Kapat", "start_year": 2020, "end_year": 2030}),
        ("theme_create", programme.pk, {"name": "Kapat tema", "order": 9}),
        ("theme_edit", theme.pk, {"name": "Kapat", "order": 1}),
        ("programme_measure_create", programme.pk, {"theme": theme.pk, "number": "99"}),
        ("programme_measure_edit", measure.pk, {"theme": theme.pk, "number": "36", "title": "X"}),
        ("programme_import", programme.pk, {}),
    ]
    for name, pk, data in posts:
        response = client.post(reverse(f"pledges:{name}", args=[pk]), data)
        assert response.status_code == expected_status(who, of_kronoberg=True), name
    programme.refresh_from_db()
    theme.refresh_from_db()
    measure.refresh_from_db()
    assert (programme.name, theme.name, measure.title) == (
        "Kronobergs åtgärdsprogram",
        "Klimat och energi",
        "Solceller",
    )
    assert Theme.objects.count() == 1
    assert ProgrammeMeasure.objects.count() == 1


def test_the_list_shows_the_users_counties_only(as_user, programme, measure, kalmar):
    factories.ProgrammeFactory(county=kalmar, name="Kalmars program")
    url = reverse("pledges:programme_list")

    kronoberg_page = as_user("coordinator").get(url)
    names = [p.name for p in kronoberg_page.context["programmes"]]
    assert names == ["Kronobergs åtgärdsprogram"]
    listed = kronoberg_page.context["programmes"][0]
    assert (listed.theme_count, listed.measure_count) == (1, 1)
    assert 'aria-current="page"' in kronoberg_page.content.decode()


def test_the_national_admin_sees_every_county(as_user, programme, kalmar):
    factories.ProgrammeFactory(county=kalmar, name="Kalmars program")
    response = as_user("national_admin").get(reverse("pledges:programme_list"))
    assert {p.name for p in response.context["programmes"]} == {
        "Kronobergs åtgärdsprogram",
        "Kalmars program",
    }


def test_the_permission_says_the_same_as_the_views(coordinator, other_coordinator, programme):
    assert coordinator.has_perm("pledges.manage_programme", programme)
    assert not other_coordinator.has_perm("pledges.manage_programme", programme)


# The programme form


def test_a_coordinator_of_one_county_creates_a_programme_in_it(as_user, kronoberg, kalmar):
    client = as_user("coordinator")
    form = client.get(reverse("pledges:programme_create")).context["form"]
    assert form.fields["county"].disabled

    response = client.post(
        reverse("pledges:programme_create"),
        # The county is fixed: a posted one is ignored.
        {"county": kalmar.pk, "name": "Nytt program", "start_year": 2027, "end_year": 2032},
    )

    programme = Programme.objects.get(name="Nytt program")
    assert programme.county == kronoberg
    assert response["Location"] == reverse("pledges:programme_detail", args=[programme.pk])


def test_a_coordinator_of_two_counties_chooses_only_among_them(client, kronoberg, kalmar):
    user = factories.CountyRoleFactory(county=kronoberg).user
    factories.CountyRoleFactory(county=kalmar, user=user)
    client.force_login(user)
    url = reverse("pledges:programme_create")
    form = client.get(url).context["form"]
    assert set(form.fields["county"].queryset) == {kronoberg, kalmar}

    stockholm = factories.county("01")
    response = client.post(
        url, {"county": stockholm.pk, "name": "X", "start_year": 2027, "end_year": 2030}
    )
    assert "county" in response.context["form"].errors
    assert not Programme.objects.filter(name="X").exists()

    client.post(url, {"county": kalmar.pk, "name": "X", "start_year": 2027, "end_year": 2030})
    assert Programme.objects.get(name="X").county == kalmar


def test_an_end_year_before_the_start_is_an_error_next_to_the_end_year(as_user, programme):
    response = as_user("coordinator").post(
        reverse("pledges:programme_edit", args=[programme.pk]),
        {"name": programme.name, "start_year": 2026, "end_year": 2021},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "end_year": ["Slutåret kan inte vara före startåret."]
    }
    html = response.content.decode()
    assert html.index('id="id_end_year"') < html.index("Slutåret kan inte vara före startåret.")


def test_two_programmes_of_a_county_cannot_share_a_name(as_user, programme):
    response = as_user("coordinator").post(
        reverse("pledges:programme_create"),
        {"name": "KRONOBERGS åtgärdsprogram", "start_year": 2027, "end_year": 2030},
    )
    assert response.context["form"].errors == {
        "name": ["Länet har redan ett åtgärdsprogram med det namnet."]
    }


def test_the_county_of_an_existing_programme_cannot_change(as_user, programme, kalmar):
    as_user("national_admin").post(
        reverse("pledges:programme_edit", args=[programme.pk]),
        {"county": kalmar.pk, "name": "Nytt namn", "start_year": 2021, "end_year": 2026},
    )
    programme.refresh_from_db()
    assert (programme.county.code, programme.name) == ("07", "Nytt namn")


# Themes and measures


def test_the_detail_page_lists_themes_in_order_with_their_measures(as_user, programme, measure):
    factories.ThemeFactory(programme=programme, name="Giftfri miljö", order=0)
    response = as_user("coordinator").get(reverse("pledges:programme_detail", args=[programme.pk]))
    html = response.content.decode()
    assert [t.name for t in response.context["themes"]] == ["Giftfri miljö", "Klimat och energi"]
    assert html.index("Giftfri miljö") < html.index("Klimat och energi") < html.index("Solceller")
    assert "1. Begränsad klimatpåverkan" in html
    assert "7. Hållbar energi för alla" in html
    assert reverse("pledges:programme_measure_edit", args=[measure.pk]) in html


def test_a_new_theme_comes_last(as_user, programme, theme):
    client = as_user("coordinator")
    url = reverse("pledges:theme_create", args=[programme.pk])
    assert client.get(url).context["form"].initial["order"] == 2

    response = client.post(url, {"name": "  Levande   sjöar ", "order": 2})

    new = Theme.objects.get(name="Levande sjöar")
    assert response["Location"].endswith(f"#tema-{new.pk}")


def test_a_theme_name_is_unique_in_the_programme(as_user, programme, theme):
    response = as_user("coordinator").post(
        reverse("pledges:theme_create", args=[programme.pk]),
        {"name": "klimat och energi", "order": 2},
    )
    assert response.context["form"].errors == {
        "name": ["Programmet har redan ett tema med det namnet."]
    }


def test_a_measure_is_added_with_its_objectives_and_goals(as_user, programme, theme):
    client = as_user("coordinator")
    url = reverse("pledges:programme_measure_create", args=[programme.pk])
    page = client.get(f"{url}?tema={theme.pk}")
    assert page.context["form"].initial["theme"] == theme.pk
    html = page.content.decode()
    # Checkbox lists in a fieldset, each box with its own label.
    assert html.count('type="checkbox"') == 17 + 17
    assert "<legend" in html

    objectives = EnvironmentalObjective.objects.filter(number__in=[0, 4])
    goals = GlobalGoal.objects.filter(number__in=[3, 12])
    response = client.post(
        url,
        {
            "theme": theme.pk,
            "number": "3a",
            "title": "Kemikaliesmart förskola",
            "description": "",
            "objectives": [o.pk for o in objectives],
            "global_goals": [g.pk for g in goals],
        },
    )

    measure = ProgrammeMeasure.objects.get(number="3a")
    assert response["Location"].endswith(f"#atgard-{measure.pk}")
    assert set(measure.objectives.all()) == set(objectives)
    assert set(measure.global_goals.all()) == set(goals)


def test_a_duplicate_number_in_the_theme_is_an_error_next_to_the_number(
    as_user, programme, theme, measure
):
    other_theme = factories.ThemeFactory(programme=programme, name="Vatten", order=2)
    client = as_user("coordinator")
    url = reverse("pledges:programme_measure_create", args=[programme.pk])

    response = client.post(url, {"theme": theme.pk, "number": "36"})

    assert response.context["form"].errors == {
        "number": ["Temat ”Klimat och energi” har redan en åtgärd med nummer 36."]
    }
    html = response.content.decode()
    assert html.index('id="id_number"') < html.index("har redan en åtgärd med nummer 36")
    # The same number in another theme is another measure.
    client.post(url, {"theme": other_theme.pk, "number": "36"})
    assert ProgrammeMeasure.objects.filter(number="36").count() == 2
    # "36a" and "36A" are one number.
    client.post(url, {"theme": theme.pk, "number": "36a"})
    response = client.post(url, {"theme": theme.pk, "number": "36A"})
    assert response.context["form"].errors == {
        "number": ["Temat ”Klimat och energi” har redan en åtgärd med nummer 36A."]
    }


def test_editing_a_measure_keeps_its_own_number(as_user, measure):
    response = as_user("coordinator").post(
        reverse("pledges:programme_measure_edit", args=[measure.pk]),
        {"theme": measure.theme.pk, "number": "36", "title": "Solceller på taken"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Solceller på taken"
    assert not measure.objectives.exists(), "unticked boxes are removed"


def test_a_measure_cannot_move_to_another_programmes_theme(as_user, measure, kronoberg):
    foreign = factories.ThemeFactory(programme=factories.ProgrammeFactory(county=kronoberg))
    response = as_user("coordinator").post(
        reverse("pledges:programme_measure_edit", args=[measure.pk]),
        {"theme": foreign.pk, "number": "36"},
    )
    assert "theme" in response.context["form"].errors
    measure.refresh_from_db()
    assert measure.theme.programme != foreign.programme


def test_adding_a_measure_to_a_programme_without_themes_asks_for_a_theme(as_user, programme):
    response = as_user("coordinator").get(
        reverse("pledges:programme_measure_create", args=[programme.pk])
    )
    assert response["Location"] == reverse("pledges:theme_create", args=[programme.pk])


# Query counts: as many SQL queries for a large programme as for a small one


def make_programme(county, themes, measures_per_theme):
    """Each measure with three objectives and three goals; bulk-created, to be quick."""
    programme = factories.ProgrammeFactory(county=county)
    objectives = list(EnvironmentalObjective.objects.all()[:3])
    goals = list(GlobalGoal.objects.all()[:3])
    made = ProgrammeMeasure.objects.bulk_create(
        ProgrammeMeasure(theme=theme, number=str(n), title=f"Åtgärd {n}")
        for theme in Theme.objects.bulk_create(
            Theme(programme=programme, name=f"Tema {t}", order=t) for t in range(themes)
        )
        for n in range(1, measures_per_theme + 1)
    )
    ProgrammeMeasure.objectives.through.objects.bulk_create(
        ProgrammeMeasure.objectives.through(programmemeasure=m, environmentalobjective=o)
        for m in made
        for o in objectives
    )
    ProgrammeMeasure.global_goals.through.objects.bulk_create(
        ProgrammeMeasure.global_goals.through(programmemeasure=m, globalgoal=g)
        for m in made
        for g in goals
    )
    return programme


DETAIL_QUERIES = REQUEST_QUERIES + 5  # programme, themes, measures, objectives, goals
LIST_QUERIES = REQUEST_QUERIES + 1  # the programmes with their counts


@pytest.mark.parametrize(("themes", "per_theme"), [(1, 2), (6, 25)], ids=["1x2", "6x25"])
def test_the_detail_page_has_a_fixed_query_count(
    as_user, kronoberg, django_assert_max_num_queries, themes, per_theme
):
    programme = make_programme(kronoberg, themes, per_theme)
    client = as_user("coordinator")
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("pledges:programme_detail", args=[programme.pk]))
    assert response.content.decode().count('id="atgard-') == themes * per_theme


@pytest.mark.parametrize("programmes", [1, 8])
def test_the_list_has_a_fixed_query_count(
    as_user, kronoberg, django_assert_max_num_queries, programmes
):
    for _ in range(programmes):
        make_programme(kronoberg, 2, 2)
    client = as_user("coordinator")
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("pledges:programme_list"))
    assert len(response.context["programmes"]) == programmes


@pytest.mark.parametrize("pk", ["99999999999999999999", "-99999999999999999999"])
def test_an_objective_id_beyond_what_the_database_holds_is_refused_next_to_the_field(
    as_user, programme, theme, pk
):
    response = as_user("coordinator").post(
        reverse("pledges:programme_measure_create", args=[programme.pk]),
        {"theme": theme.pk, "number": "3a", "objectives": [pk], "global_goals": [pk]},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"objectives", "global_goals"}
    assert not ProgrammeMeasure.objects.filter(number="3a").exists()


def test_a_programme_id_beyond_what_the_database_holds_is_a_404(as_user):
    client = as_user("coordinator")
    assert client.get("/arbetsyta/program/99999999999999999999/").status_code == 404
