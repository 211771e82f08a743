# In followup, the app on top: it loads the pledges' demo and then its own.
from django.core.management.base import BaseCommand

from actors.second_factor import is_staff, replace_recovery_codes
from followup.demo import load_demo
from pledges.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = (
        "Loads the demo data (idempotent, the same every time): the reference pledge, "
        "55 fictional pledges, follow-up rounds and reports, users."
    )

    def handle(self, *args, **options):
        users = load_demo()
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
        self.stdout.write(f"Demoinloggningar (lösenord för alla: {DEMO_PASSWORD}):")
        for user in DEMO_USERS.values():
            self.stdout.write(f"  {user.email:34} {user.description}")
        # Staff sign in with a second factor, and no phone holds the demo's: fresh
        # recovery codes at every load, each usable once (README, "Demo logins").
        self.stdout.write(
            "Samordnare och administratör loggar in i två steg: efter lösenordet, skriv en "
            "av reservkoderna (varje kod fungerar en gång; nya vid varje load_demo):"
        )
        for key, spec in DEMO_USERS.items():
            if is_staff(users[key]):
                codes = " ".join(replace_recovery_codes(users[key]))
                self.stdout.write(f"  {spec.email:34} {codes}")
