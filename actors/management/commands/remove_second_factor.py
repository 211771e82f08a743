"""For someone who lost both the phone and the recovery codes: whoever runs the portal
removes the account's second factor, and the person enrols again at the next sign-in
(staff must). No page does this for another account (actors/admin.py)."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from actors.models import User


class Command(BaseCommand):
    help = "Remove an account's second factor (authenticator app and recovery codes)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the address {email}.")
        apps, _ = TOTPDevice.objects.filter(user=user).delete()
        codes, _ = StaticDevice.objects.filter(user=user).delete()
        self.stdout.write(f"Removed the second factor of {user.email} ({apps + codes} rows).")
