"""Retry the volunteer e-mails that could not be sent (run it from a scheduler, every 5 min)."""

from django.core.management.base import BaseCommand

from volunteers.notifications import send_pending


class Command(BaseCommand):
    help = "Send volunteer e-mails that are waiting or whose earlier attempt failed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--include-failed",
            action="store_true",
            help="Also retry e-mails that gave up after the maximum number of attempts.",
        )
        parser.add_argument("--limit", type=int, default=500, help="At most this many e-mails.")

    def handle(self, *args, include_failed=False, limit=500, **options):
        counts = send_pending(include_failed=include_failed, limit=limit)
        self.stdout.write(f"Sent {counts['sent']}, not sent {counts['not_sent']}.")
