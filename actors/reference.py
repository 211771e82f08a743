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
        values = {
            "letter": row["letter"],
            "name": row["name_sv"],
            "slug": slugify(row["name_sv"]),
            "residence_city": row["residence_city"],
        }
        county, created = County.objects.get_or_create(code=row["code"], defaults=values)
        # Saving an unchanged county would still write a history row (load_demo
        # runs at every `make run`).
        changed = [name for name, value in values.items() if getattr(county, name) != value]
        if changed and not created:
            for name in changed:
                setattr(county, name, values[name])
            county.save(update_fields=changed)
