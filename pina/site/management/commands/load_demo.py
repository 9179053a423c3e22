"""Load the demo content built from the seed documents in ../shared/seeds/: each app that has
demo content provides `<app>/demo.py` with an idempotent `load(stdout)` function (running it
twice changes nothing), run in INSTALLED_APPS order.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from pina.site.models import SiteSettings


class Command(BaseCommand):
    help = "Create or update the demo content (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            SiteSettings.current()
            for app_config in apps.get_app_configs():
                try:
                    module = import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app_config.name}.demo":
                        raise
                    continue
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
