"""Reference data shipped with the portal (copied from the project's shared reference)."""

import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str, data_dir: Path = DATA_DIR) -> list[dict[str, str]]:
    with open(data_dir / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def municipality_names() -> dict[str, str]:
    """Kommun code -> name, for the municipalities the portal knows by name."""
    return {row["code"]: row["name"] for row in read_csv("kommuner-kronoberg.csv")}


def load_counties(County) -> None:
    """Create or update the 21 counties. Idempotent; used by a data migration."""
    from django.utils.text import slugify

    for row in read_csv("lan.csv"):
        County.objects.update_or_create(
            code=row["code"],
            defaults={
                "letter": row["letter"],
                "name": row["name_sv"],
                "slug": slugify(row["name_sv"]),
                "residence_city": row["residence_city"],
            },
        )
