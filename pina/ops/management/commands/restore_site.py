"""Restore the whole site from an archive written by backup_site. See pina/ops/backup.py."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pina.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace ALL database records and media with those in ARCHIVE (made by backup_site). "
        "The database part is all or nothing and is checked against the archive's record counts "
        "and media checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scripts)."
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Never prompt: without --yes, refuse.",
        )

    def handle(self, *args, archive, yes, interactive=True, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such archive: {path}")
        if not yes:
            if not interactive:
                raise CommandError("Refusing to restore without --yes.")
            answer = input(
                "This replaces every record and uploaded file of this site with the backup's. "
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest = restore_backup(path)
        except BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(manifest['counts'].values())} records and "
                f"{manifest['media_files']} media files from the backup of {manifest['created']}."
            )
        )
