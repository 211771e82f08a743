"""The national reference data: the environmental objectives and the global goals."""

from pathlib import Path

from actors.reference import read_csv

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_objectives_and_goals(EnvironmentalObjective, GlobalGoal) -> None:
    """Create or update the 16 objectives, the generational goal and the 17 SDGs.

    Idempotent; used by a data migration and by load_demo.
    """
    for row in read_csv("miljokvalitetsmal.csv", DATA_DIR):
        EnvironmentalObjective.objects.update_or_create(
            number=int(row["number"]),
            defaults={"name_sv": row["name_sv"], "name_en": row["name_en"]},
        )
    for row in read_csv("globala-malen.csv", DATA_DIR):
        GlobalGoal.objects.update_or_create(
            number=int(row["number"]),
            defaults={"name_sv": row["name_sv"], "name_en": row["name_en"]},
        )
