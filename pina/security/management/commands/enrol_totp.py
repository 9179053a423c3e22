"""Enrol an authenticator app (TOTP) for a staff account from the server's shell: the first
authenticator of an account that must use two-factor authentication (superusers, volunteer
coordinators) cannot be enrolled on the admin's own page, which it cannot reach without one.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from pina.security.two_factor import new_device, secret_for_display


class Command(BaseCommand):
    help = (
        "Create an authenticator (TOTP) for USERNAME and print its otpauth:// URI and key, to "
        "scan or type into an authenticator app. Give them to that person only."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A name for the device, e.g. 'Phone'.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the account's existing authenticators first (lost phone).",
        )
        parser.add_argument("--qr", action="store_true", help="Also draw a QR code here.")

    def handle(self, *args, username, name, replace, qr, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"There is no user named {username!r}.") from None
        if not user.is_staff:
            raise CommandError(f"{username!r} is not a staff account.")
        existing = TOTPDevice.objects.filter(user=user)
        if not replace and existing.filter(confirmed=True).exists():
            raise CommandError(
                f"{username!r} already has an authenticator. Use --replace to remove it and "
                "enrol a new one, or add another in the admin (Two-factor authentication)."
            )
        if replace:
            removed, _details = existing.delete()
            if removed:
                self.stdout.write(f"Removed {removed} earlier authenticator(s).")
        device = new_device(user, name=name, confirmed=True)
        self.stdout.write(
            self.style.SUCCESS(f"Authenticator '{device.name}' enrolled for {username}.")
        )
        self.stdout.write("Scan this URI as a QR code, or open it on the phone:")
        self.stdout.write(device.config_url)
        self.stdout.write(
            f"Or type this key (time-based, 6 digits, 30 s): {secret_for_display(device)}"
        )
        if qr:
            import segno

            segno.make(device.config_url, error="m").terminal(out=self.stdout, compact=True)
        self.stdout.write("The next admin login of this account asks for the app's 6-digit code.")
