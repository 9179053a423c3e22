"""Send the volunteer e-mails that are waiting: run it every minute with --all-due (see
docs/security.md, "E-mail after a mail outage")."""

from django.core.management.base import BaseCommand

from volunteers.notifications import send_pending


class Command(BaseCommand):
    help = (
        "Send volunteer e-mails that are waiting or whose earlier attempt failed, the "
        "volunteers' before the coordinators'."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--include-failed",
            action="store_true",
            help="Also retry e-mails that gave up after the maximum number of attempts.",
        )
        parser.add_argument(
            "--all-due",
            "--now",
            dest="all_due",
            action="store_true",
            help="Send everything waiting now, ignoring the backoff between attempts, once the "
            "mail server accepts a connection.",
        )
        parser.add_argument("--limit", type=int, default=500, help="At most this many e-mails.")

    def handle(self, *args, include_failed=False, limit=500, all_due=False, **options):
        counts = send_pending(include_failed=include_failed, limit=limit, all_due=all_due)
        self.stdout.write(f"Sent {counts['sent']}, not sent {counts['not_sent']}.")
