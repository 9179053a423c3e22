"""Restore the whole site from a set written by backup_site. See pina/ops/backup.py."""

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from pina.ops.backup import BackupError, complete_sets, restore_backup, storage_for


class Command(BaseCommand):
    help = (
        "Replace ALL database records and media with a backup set's (the newest one in the "
        "backup storage, a set's name, or a set's folder on this machine). The set is decrypted "
        "with the private key in BACKUP_GPG_HOME and checked against its manifest first."
    )

    def add_arguments(self, parser):
        parser.add_argument("set", nargs="?", help="pina-YYYYmmdd-HHMMSS, or a folder.")
        parser.add_argument("--list", action="store_true", help="List the complete sets.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scripts)."
        )
        parser.add_argument(
            "--passphrase-file", help="File holding the private key's passphrase, if it has one."
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Never prompt: without --yes, refuse.",
        )

    def handle(self, *args, set=None, yes=False, interactive=True, **options):
        if options["list"]:
            storage, _name = storage_for(set)
            for name in complete_sets(storage):
                self.stdout.write(name)
            return
        if not yes:
            if not interactive:
                raise CommandError("Refusing to restore without --yes.")
            answer = input(
                "This replaces every record and uploaded file of this site with the backup's. "
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        passphrase = None
        if options["passphrase_file"]:
            with open(options["passphrase_file"]) as handle:
                passphrase = handle.read().rstrip("\n")
        elif interactive and sys.stdin.isatty():
            passphrase = getpass.getpass("Passphrase of the private key (empty if none): ") or None
        try:
            manifest = restore_backup(set, passphrase=passphrase)
        except BackupError as error:
            raise CommandError(f"Restore stopped: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(manifest['counts'].values())} records and "
                f"{len(manifest['media'])} media files from {manifest['name']} "
                f"({manifest['created']})."
            )
        )
