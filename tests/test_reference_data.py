"""The national reference data comes with the migrations, as the CSV files have it."""

import csv
from pathlib import Path

import pytest
from django.utils.text import slugify
from django.utils.translation import override

from actors.models import County
from pledges.models import EnvironmentalObjective, GlobalGoal

ROOT = Path(__file__).resolve().parent.parent


def read(path: str) -> list[dict[str, str]]:
    with open(ROOT / path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_21_counties(db):
    rows = read("actors/data/lan.csv")
    assert len(rows) == 21
    stored = list(County.objects.values_list("code", "letter", "name", "residence_city", "slug"))
    expected = [
        (r["code"], r["letter"], r["name_sv"], r["residence_city"], slugify(r["name_sv"]))
        for r in rows
    ]
    assert sorted(stored) == sorted(expected)


def test_the_counties_board_names(db):
    assert County.objects.get(code="07").board_name == "Länsstyrelsen i Kronobergs län"


@pytest.mark.parametrize(
    ("model", "path", "numbers"),
    [
        (EnvironmentalObjective, "pledges/data/miljokvalitetsmal.csv", range(0, 17)),
        (GlobalGoal, "pledges/data/globala-malen.csv", range(1, 18)),
    ],
    ids=["objectives", "global goals"],
)
def test_objectives_and_global_goals(db, model, path, numbers):
    rows = read(path)
    assert len(rows) == 17
    stored = list(model.objects.values_list("number", "name_sv", "name_en"))
    assert stored == [(int(r["number"]), r["name_sv"], r["name_en"]) for r in rows]
    assert [number for number, _, _ in stored] == list(numbers)


def test_reference_names_follow_the_language(db):
    goal = GlobalGoal.objects.get(number=13)
    with override("sv"):
        assert goal.name == goal.name_sv
    with override("en"):
        assert goal.name == goal.name_en
    assert goal.name_sv != goal.name_en
