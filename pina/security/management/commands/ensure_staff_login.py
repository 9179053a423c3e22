"""Make sure someone can log into the admin, without a password fixed in the repository."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' with a random password (printed once) "
        "unless a superuser exists already."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True, is_active=True).exists():
            self.stdout.write(
                "A superuser exists. To set a new password: "
                ".venv/bin/python manage.py changepassword <username>"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.WARNING(
                f"Created the superuser '{username}' with the password: {password}\n"
                "It is shown only this once; change it with "
                f".venv/bin/python manage.py changepassword {username}"
            )
        )
        if settings.PINA_REQUIRE_2FA:
            self.stdout.write(
                "Two-factor authentication is required for superusers: enrol an authenticator "
                f"app with .venv/bin/python manage.py enrol_totp {username} --qr"
            )
