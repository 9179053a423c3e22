"""Back up the whole site (database records and media) into one archive. See pina/ops/backup.py."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from pina.ops.backup import create_backup


class Command(BaseCommand):
    help = "Write the database and the uploaded media into one .tar.gz archive (mode 0600)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Archive path (default: backups/pina-YYYYmmdd-HHMMSS.tar.gz in the project).",
        )

    def handle(self, *args, output=None, **options):
        if not output:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "backups" / f"pina-{stamp}.tar.gz"
        manifest = create_backup(Path(output))
        records = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {records} records of {len(manifest['counts'])} models and "
                f"{manifest['media_files']} media files to {output}"
            )
        )
        self.stdout.write(
            "It holds personal data (volunteers, staff accounts): keep it encrypted and private."
        )
