"""`manage.py load_scale_data --pledges-per-county N [--seed S] [--force]`: the
national data set (followup/scale_data.py) into the configured database."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from followup import scale_data


class Command(BaseCommand):
    help = (
        "Fyller databasen med den nationella testdatamängden: 21 län med åtgärdsprogram, "
        "aktörer, N löften per län i alla lägen, undertecknade versioner och två "
        "uppföljningsomgångar. Vägrar en databas med annat än referensdata utan --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pledges-per-county", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Skriv även om databasen redan har annat än referensdata.",
        )

    def handle(self, *args, pledges_per_county, seed, force, **options):
        if pledges_per_county < 1:
            raise CommandError("--pledges-per-county måste vara minst 1.")
        started = time.perf_counter()
        tty = hasattr(self.stdout, "isatty") and self.stdout.isatty()
        verbosity = options["verbosity"]

        def report(step, done, total, rows):
            if verbosity < 1:
                return
            width = 30
            bar = "#" * (width * done // total)
            line = (
                f"[{bar:<{width}}] {done:>2}/{total} {step} ({rows} rader, "
                f"{time.perf_counter() - started:.0f} s)"
            )
            if tty:
                self.stdout.write(f"\r{line:<100}", ending="")
                if done == total:
                    self.stdout.write("")
            else:
                self.stdout.write(line)
            sys.stdout.flush()

        try:
            counts = scale_data.generate(
                pledges_per_county=pledges_per_county, seed=seed, report=report, force=force
            )
        except scale_data.Populated as error:
            raise CommandError(
                f"Databasen innehåller redan annat än referensdata ({error}). "
                "Använd en tom databas, eller --force."
            ) from error
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        spent = time.perf_counter() - started
        if verbosity >= 1:
            for label, n in counts.items():
                self.stdout.write(f"  {label:45} {n:>8}")
            self.stdout.write(self.style.SUCCESS(f"Klart på {spent:.1f} s."))
