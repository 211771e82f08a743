"""EXPLAIN (ANALYZE) the queries of every page kind of the benchmark, at national scale.

    python bench/explain.py [--page NAME] [--plans] [--min-ms 5]

Runs against the benchmark's database (BENCH_DATABASE_URL, default mml_national, made
by `bench/run.py` or `manage.py load_scale_data`). Each page of bench/run.py's list is
requested once through the Django test client (signed-in pages as Kronoberg's
coordinator) and every SELECT it runs is captured (connection.execute_wrapper), then
run again under EXPLAIN (ANALYZE, FORMAT JSON). Prints per page the queries, their
time, and every sequential scan of a big table (over 10,000 rows), flagged `SEQ`;
--plans prints the whole plan of the queries above --min-ms.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/mml_national"
BIG = 10_000


def nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", help="only the page kinds whose name contains this")
    parser.add_argument("--plans", action="store_true", help="print the slow queries' plans")
    parser.add_argument("--min-ms", type=float, default=5.0)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from actors.models import User
    from bench.run import pages, signed_in_client

    setup_test_environment()
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        API_THROTTLE_RATE="100000000/minute",
    ).enable()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'"
            " AND relnamespace = 'public'::regnamespace"
        )
        sizes = dict(cursor.fetchall())
    kinds, objects = pages()
    coordinator = User.objects.get(email=f"samordnare-{objects['county'].code}@skala.invalid")
    signed_in = signed_in_client(coordinator)
    anonymous = Client()

    flagged_total = 0
    for name, path, signed in kinds:
        if args.page and args.page not in name:
            continue
        captured = []

        def capture(execute, sql, params, many, context, captured=captured):
            if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                captured.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            response = (signed_in if signed else anonymous).get(path)
        print(f"\n== {name}: {path} ({response.status_code}, {len(captured)} SELECTs)")
        total = 0.0
        for sql, params in captured:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                explained = cursor.fetchone()[0]
            if isinstance(explained, str):
                explained = json.loads(explained)
            plan = explained[0]
            ms = plan["Execution Time"]
            total += ms
            seq = [
                f"{node['Relation Name']} ({sizes.get(node['Relation Name'], 0)} rows)"
                for node in nodes(plan["Plan"])
                if node["Node Type"] == "Seq Scan" and sizes.get(node.get("Relation Name"), 0) > BIG
            ]
            flagged_total += bool(seq)
            if ms >= args.min_ms or seq:
                mark = "SEQ " if seq else "    "
                print(f"  {mark}{ms:8.1f} ms  {sql[:160]}")
                if seq:
                    print(f"           sequential scans: {', '.join(seq)}")
                if args.plans:
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE) " + sql, params)
                        print("\n".join(f"           {row[0]}" for row in cursor.fetchall()))
        print(f"  total {total:.1f} ms")
    print(f"\n{flagged_total} queries with a sequential scan of a big table")


if __name__ == "__main__":
    main()
