"""The retention rule: erase declined and withdrawn applications after VOLUNTEER_RETENTION_DAYS,
the changes sent for an address that its owner did not confirm in time, and the audit trail's
entries after AUDIT_RETENTION_DAYS (the only deletion the trail's append-only trigger lets
through)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from volunteers import audit
from volunteers.signup import anonymize_past_retention, discard_expired_changes


class Command(BaseCommand):
    help = (
        "Erase the personal data of declined and withdrawn volunteer applications whose status "
        "changed more than VOLUNTEER_RETENTION_DAYS days ago, and delete audit-trail entries "
        "older than AUDIT_RETENTION_DAYS (run it daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override VOLUNTEER_RETENTION_DAYS for this run.",
        )
        parser.add_argument(
            "--audit-days",
            type=int,
            default=None,
            help="Override AUDIT_RETENTION_DAYS for this run.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be erased."
        )

    def handle(self, *args, days=None, audit_days=None, dry_run=False, **options):
        days = settings.VOLUNTEER_RETENTION_DAYS if days is None else days
        audit_days = settings.AUDIT_RETENTION_DAYS if audit_days is None else audit_days
        if days < 0:
            raise CommandError("--days must be zero or more.")
        if audit_days < 0:
            raise CommandError("--audit-days must be zero or more.")
        count = anonymize_past_retention(days, dry_run=dry_run)
        verb = "Would erase" if dry_run else "Erased"
        self.stdout.write(
            f"{verb} the personal data of {count} declined or withdrawn application(s) "
            f"older than {days} days."
        )
        if not dry_run:
            self.stdout.write(f"Discarded {discard_expired_changes()} unconfirmed change(s).")
        purged = audit.purge_older_than(audit_days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {purged} audit-trail entries older than {audit_days} days.")
