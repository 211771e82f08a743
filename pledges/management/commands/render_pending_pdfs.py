from django.core.management.base import BaseCommand

from pledges.models import SignedVersion
from pledges.tasks import render_signed_pdf


class Command(BaseCommand):
    help = (
        "Queues the rendering of signed versions whose PDF was never made (a task that "
        "failed, e.g. on a county certificate that could not be opened). A PDF that "
        "exists is never rendered again."
    )

    def handle(self, *args, **options):
        pending = SignedVersion.objects.filter(rendered_at__isnull=True).order_by("pk")
        queued = 0
        for version in pending.iterator():
            render_signed_pdf.enqueue(version_id=version.pk)
            queued += 1
        self.stdout.write(self.style.SUCCESS(f"{queued} undertecknade PDF:er köade."))
