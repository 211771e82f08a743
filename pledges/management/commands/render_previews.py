from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from pledges.models import Pledge
from pledges.tasks import preview_name, render_preview


class Command(BaseCommand):
    help = (
        "Renders the UTKAST preview PDFs of unsigned pledges (draft, in review, approved). "
        "Signed PDFs are never rendered again: they are what was signed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--county", help="only this county (code, e.g. 07)")
        parser.add_argument(
            "--force", action="store_true", help="render again even where a preview exists"
        )

    def handle(self, *args, county=None, force=False, **options):
        pledges = Pledge.objects.filter(
            status__in=[Pledge.Status.DRAFT, Pledge.Status.IN_REVIEW, Pledge.Status.APPROVED]
        ).order_by("pk")
        if county:
            pledges = pledges.filter(county__code=county)
        total = pledges.count()
        rendered = 0
        for done, pledge in enumerate(pledges.iterator(), start=1):
            name = preview_name(pledge)
            if force and default_storage.exists(name):
                default_storage.delete(name)
            if force or not default_storage.exists(name):
                render_preview.call(pledge_id=pledge.pk, revision=pledge.revision)
                rendered += 1
            self._progress(done, total)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"{rendered} förhandsvisningar skapade av {total} löften.")
        )

    def _progress(self, done, total, width=30):
        filled = width * done // total if total else width
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
