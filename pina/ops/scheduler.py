"""The scheduler process (`manage.py run_scheduler`, docs/deploy.md "Scheduled jobs"): runs the
management commands listed in `SCHEDULED_COMMANDS` by name, each at its interval, with the
`schedule` library. pina names no app here: the setting does.

One line is logged per run (the command's name, the outcome, the time it took); a command's own
output is not logged (it may be about people) and a failing command is logged and retried at its
next interval, never stopping the others. On PostgreSQL a session advisory lock makes sure only
one scheduler runs against a database; elsewhere, run exactly one (docs/deploy.md).
"""

import io
import logging
import threading
import time

import schedule
from django.conf import settings
from django.core.management import call_command
from django.db import connections

logger = logging.getLogger("pina.ops.scheduler")

# pg_try_advisory_lock key: any constant shared by every scheduler of this site ("PINA" + 1).
LOCK_KEY = 0x50494E41_0001


class AlreadyRunning(Exception):
    pass


def jobs() -> list[tuple[str, list[str], int]]:
    return [(name, list(args), int(seconds)) for name, args, seconds in settings.SCHEDULED_COMMANDS]


def drop_broken_connections():
    """Django's per-request connection clean-up, between jobs: a connection broken by a
    database restart (or past CONN_MAX_AGE) is closed and reopened by the next query. Not inside
    a transaction (tests run jobs inside one)."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


def run_job(name: str, args: list[str]) -> bool:
    """Run one command; log one line; True when it succeeded. Never raises (but for exits)."""
    drop_broken_connections()
    started = time.monotonic()
    try:
        call_command(name, *args, stdout=io.StringIO(), stderr=io.StringIO())
    except Exception as error:  # noqa: BLE001 - a failing job must not stop the scheduler
        logger.error(
            "scheduled job %s failed after %.2fs: %s",
            name,
            time.monotonic() - started,
            type(error).__name__,
            exc_info=True,
        )
        return False
    finally:
        drop_broken_connections()
    logger.info("scheduled job %s done in %.2fs", name, time.monotonic() - started)
    return True


class SingleSchedulerLock:
    """A PostgreSQL session advisory lock on a connection of its own (so a job closing or
    reopening the default connection cannot drop it); no-op on other databases."""

    def __init__(self, alias="default"):
        self.alias = alias
        self.connection = None

    def __enter__(self):
        if connections[self.alias].vendor != "postgresql":
            return self
        self.connection = connections.create_connection(self.alias)
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            (locked,) = cursor.fetchone()
        if not locked:
            self.connection.close()
            self.connection = None
            raise AlreadyRunning(
                "Another run_scheduler holds the lock on this database: only one may run."
            )
        return self

    def __exit__(self, *exc):
        if self.connection is not None:
            self.connection.close()  # ending the session releases the lock
            self.connection = None


class Scheduler:
    def __init__(self, job_list=None):
        self.jobs = job_list if job_list is not None else jobs()
        self.stop = threading.Event()
        self.schedule = schedule.Scheduler()
        for name, args, seconds in self.jobs:
            self.schedule.every(seconds).seconds.do(run_job, name, args)

    def run_once(self) -> list[str]:
        """Run every job once, in order; return the names of those that failed."""
        return [name for name, args, _seconds in self.jobs if not run_job(name, args)]

    def run_forever(self):
        """Every job at start-up, then each at its interval, until `stop` is set (SIGTERM)."""
        logger.info("scheduler started with %d jobs", len(self.jobs))
        self.schedule.run_all()
        while not self.stop.is_set():
            self.schedule.run_pending()
            idle = self.schedule.idle_seconds
            self.stop.wait(max(0.05, min(idle if idle is not None else 1.0, 1.0)))
        logger.info("scheduler stopped")
