"""Make every cached page stale, in every process (e.g. after a bulk `update()` or an import)."""

from django.core.management.base import BaseCommand, CommandError

from pina.caching.version import bump_version, current_version


class Command(BaseCommand):
    help = "Bump the content version so that no cached page is served again."

    def handle(self, *args, **options):
        try:
            bump_version(raise_errors=True)
            version = current_version()
        except Exception as error:
            raise CommandError(f"The cache could not be reached: {error!r}") from error
        self.stdout.write(
            self.style.SUCCESS(f"Cached pages are stale now (content version {version}).")
        )
