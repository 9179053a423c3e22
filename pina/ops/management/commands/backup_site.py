"""Back up the whole site (database and media) as an encrypted set. See pina/ops/backup.py."""

from django.core.management.base import BaseCommand, CommandError

from pina.ops.backup import BackupError, backup_storage, create_backup


class Command(BaseCommand):
    help = (
        "Write the database dump, the media and a manifest, each encrypted to "
        "BACKUP_GPG_PUBLIC_KEY, as one set in the backup storage; prune to BACKUP_KEEP sets."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep", type=int, help="Sets to keep (default: BACKUP_KEEP).")

    def handle(self, *args, keep=None, **options):
        try:
            result = create_backup(keep=keep)
        except BackupError as error:
            raise CommandError(f"No backup was written: {error}") from error
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {sum(manifest['counts'].values())} records of "
                f"{len(manifest['counts'])} models and {len(manifest['media'])} media files "
                f"as {result.name} in {backup_storage()}."
            )
        )
        if result.removed:
            self.stdout.write(f"Removed older backups: {', '.join(result.removed)}")
