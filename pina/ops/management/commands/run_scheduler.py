"""Run the scheduled jobs of SCHEDULED_COMMANDS (pina/ops/scheduler.py, docs/deploy.md)."""

import signal

from django.core.management.base import BaseCommand, CommandError

from pina.ops.scheduler import AlreadyRunning, Scheduler, SingleSchedulerLock


class Command(BaseCommand):
    help = (
        "Run the management commands of SCHEDULED_COMMANDS at their intervals until SIGTERM "
        "(or Ctrl-C). Run one scheduler per site."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run every job once and exit (1 if one failed)."
        )

    def handle(self, *args, once=False, **options):
        scheduler = Scheduler()
        try:
            with SingleSchedulerLock():
                if once:
                    failed = scheduler.run_once()
                    if failed:
                        raise CommandError("Failed: " + ", ".join(failed))
                    self.stdout.write(f"Ran {len(scheduler.jobs)} jobs once.")
                    return
                previous = {
                    sig: signal.signal(sig, lambda *_: scheduler.stop.set())
                    for sig in (signal.SIGTERM, signal.SIGINT)
                }
                try:
                    scheduler.run_forever()
                finally:
                    for sig, handler in previous.items():
                        signal.signal(sig, handler)
        except AlreadyRunning as error:
            raise CommandError(str(error)) from error
