"""`manage.py run_scheduler`: the jobs of SCHEDULED_COMMANDS, by command name."""

import logging
import os
import re
import signal
import threading
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from pina.ops import scheduler as scheduler_module
from pina.ops.scheduler import AlreadyRunning, Scheduler, SingleSchedulerLock
from tests.volunteers.factories import VolunteerApplicationFactory
from volunteers.models import EmailDelivery


def test_the_default_jobs_are_the_outbox_every_minute_and_the_purge_daily(settings):
    assert settings.SCHEDULED_COMMANDS == [
        ("send_pending_emails", ["--all-due"], 60),
        ("anonymize_old_applications", [], 86400),
    ]


@pytest.mark.django_db
def test_once_runs_every_job_and_logs_one_line_each_without_personal_data(caplog):
    application = VolunteerApplicationFactory(email="malika@example.org")
    delivery = EmailDelivery.objects.create(application=application, kind="confirmation")
    with caplog.at_level(logging.INFO, logger="pina.ops.scheduler"):
        out = StringIO()
        call_command("run_scheduler", "--once", stdout=out)
    assert "Ran 2 jobs once." in out.getvalue()
    delivery.refresh_from_db()
    assert delivery.state == EmailDelivery.State.SENT
    assert [m.to for m in mail.outbox] == [["malika@example.org"]]
    lines = [r.getMessage() for r in caplog.records if r.name == "pina.ops.scheduler"]
    assert len(lines) == 2
    assert lines[0].startswith("scheduled job send_pending_emails done in ")
    assert lines[1].startswith("scheduled job anonymize_old_applications done in ")
    assert "malika" not in caplog.text


@pytest.mark.django_db
def test_a_failing_job_is_logged_and_the_others_still_run(settings, caplog):
    settings.SCHEDULED_COMMANDS = [
        ("no_such_command", [], 60),
        ("send_pending_emails", ["--all-due"], 60),
    ]
    delivery = EmailDelivery.objects.create(
        application=VolunteerApplicationFactory(), kind="confirmation"
    )
    with (
        caplog.at_level(logging.INFO, logger="pina.ops.scheduler"),
        pytest.raises(CommandError, match="Failed: no_such_command"),
    ):
        call_command("run_scheduler", "--once", stdout=StringIO())
    delivery.refresh_from_db()
    assert delivery.state == EmailDelivery.State.SENT
    failed = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failed) == 1
    assert re.fullmatch(
        r"scheduled job no_such_command failed after \d+\.\d\ds: CommandError",
        failed[0].getMessage(),
    )


@pytest.mark.django_db
def test_the_loop_repeats_jobs_and_exits_cleanly_on_sigterm(settings, monkeypatch):
    runs = []
    real = scheduler_module.run_job

    def counting(name, args):
        runs.append(name)
        return real(name, args) if name != "broken" else False

    monkeypatch.setattr(scheduler_module, "run_job", counting)
    settings.SCHEDULED_COMMANDS = [("check", [], 1), ("broken", [], 1)]
    threading.Timer(2.5, os.kill, [os.getpid(), signal.SIGTERM]).start()
    before = signal.getsignal(signal.SIGTERM)
    call_command("run_scheduler", stdout=StringIO())  # returns: SIGTERM stopped it
    # At start-up and then every second, the failing job did not stop the other.
    assert runs.count("check") >= 2
    assert runs.count("broken") >= 2
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.django_db
def test_stop_ends_the_loop_within_a_second():
    scheduler = Scheduler([("check", [], 3600)])
    thread = threading.Thread(target=scheduler.run_forever)
    thread.start()
    scheduler.stop.set()
    thread.join(timeout=2)
    assert not thread.is_alive()


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="The advisory lock exists on PostgreSQL only.",
)
@pytest.mark.django_db
def test_only_one_scheduler_holds_the_lock_on_postgresql():
    assert connection.vendor == "postgresql"
    with SingleSchedulerLock(), pytest.raises(AlreadyRunning), SingleSchedulerLock():
        pass
    with SingleSchedulerLock():  # released when the first one ended
        pass
