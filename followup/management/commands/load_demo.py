# In followup, the app on top: it loads the pledges' demo and then its own.
from django.core.management.base import BaseCommand

from followup.demo import load_demo
from pledges.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = (
        "Loads the demo data (idempotent, the same every time): the reference pledge, "
        "55 fictional pledges, follow-up rounds and reports, users."
    )

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
        self.stdout.write(f"Demoinloggningar (lösenord för alla: {DEMO_PASSWORD}):")
        for user in DEMO_USERS.values():
            self.stdout.write(f"  {user.email:34} {user.description}")
