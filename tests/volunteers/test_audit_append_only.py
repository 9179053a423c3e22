"""The audit trail is append-only: on PostgreSQL a trigger (migration 0006) refuses UPDATE and
DELETE, except the retention purge of entries older than AUDIT_RETENTION_DAYS (run by
`anonymize_old_applications`, on every database) and the SET NULL when a staff account goes."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from volunteers import audit
from volunteers.models import ApplicationAuditEntry

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


def entry(days_old=0, user=None):
    return ApplicationAuditEntry.objects.create(
        at=timezone.now() - timedelta(days=days_old),
        user=user,
        username=user.get_username() if user else "coordinator",
        action=ApplicationAuditEntry.Action.OPENED,
        application_ids=[1],
    )


@on_postgresql
class TestTheTrigger:
    def test_deleting_an_entry_is_refused(self):
        kept = entry(days_old=3000)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            kept.delete()
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            ApplicationAuditEntry.objects.all().delete()
        assert ApplicationAuditEntry.objects.filter(pk=kept.pk).exists()

    def test_changing_an_entry_is_refused(self):
        kept = entry()
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            ApplicationAuditEntry.objects.filter(pk=kept.pk).update(username="someone-else")
        kept.username = "someone-else"
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            kept.save()
        kept.refresh_from_db()
        assert kept.username == "coordinator"

    def test_a_cutoff_only_lets_older_entries_go(self):
        old, recent = entry(days_old=800), entry(days_old=10)
        cutoff = (timezone.now() - timedelta(days=730)).isoformat()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('pina.audit_purge_before', %s, true)", [cutoff])
            ApplicationAuditEntry.objects.filter(pk=old.pk).delete()
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                ApplicationAuditEntry.objects.filter(pk=recent.pk).delete()
        assert list(ApplicationAuditEntry.objects.values_list("pk", flat=True)) == [recent.pk]

    def test_the_purge_leaves_no_cutoff_behind(self):
        old, older = entry(days_old=800), entry(days_old=900)
        assert audit.purge_older_than(850) == 1
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            old.delete()  # the purge's cut-off was cleared, even inside this test's transaction
        assert ApplicationAuditEntry.objects.filter(pk=old.pk).exists()
        assert not ApplicationAuditEntry.objects.filter(pk=older.pk).exists()

    def test_a_cutoff_in_the_future_lets_nothing_go(self):
        recent = entry()
        future = (timezone.now() + timedelta(days=1)).isoformat()
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('pina.audit_purge_before', %s, true)", [future])
            recent.delete()
        assert ApplicationAuditEntry.objects.filter(pk=recent.pk).exists()


def test_the_entry_survives_its_staff_account_being_deleted(coordinator):
    kept = entry(user=coordinator)
    coordinator.delete()
    kept.refresh_from_db()
    assert kept.user is None and kept.username == "coordinator"


def test_the_purge_deletes_only_entries_older_than_the_period(settings):
    settings.AUDIT_RETENTION_DAYS = 730
    old, recent = entry(days_old=731), entry(days_old=700)
    out = StringIO()
    call_command("anonymize_old_applications", stdout=out)
    assert list(ApplicationAuditEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not ApplicationAuditEntry.objects.filter(pk=old.pk).exists()
    assert "Deleted 1 audit-trail entries older than 730 days" in out.getvalue()


def test_the_purge_period_can_be_overridden_and_dry_run_deletes_nothing():
    entry(days_old=40), entry(days_old=5)
    out = StringIO()
    call_command("anonymize_old_applications", "--audit-days", "30", "--dry-run", stdout=out)
    assert "Would delete 1 audit-trail entries" in out.getvalue()
    assert ApplicationAuditEntry.objects.count() == 2
    assert audit.purge_older_than(30) == 1
    assert ApplicationAuditEntry.objects.count() == 1


def test_the_default_period_is_two_years():
    from django.conf import settings

    assert settings.AUDIT_RETENTION_DAYS == 730


def test_the_privacy_notice_states_the_audit_period_in_every_language(client, settings):
    settings.AUDIT_RETENTION_DAYS = 730
    assert "is kept for 730 days so that misuse can be traced" in (
        client.get("/en/privacy/").content.decode()
    )
    assert "хранится 730 дней" in client.get("/ru/privacy/").content.decode()
    assert "730 kun saqlanadi" in client.get("/uz/privacy/").content.decode()
    settings.AUDIT_RETENTION_DAYS = 1
    assert "is kept for 1 day so" in client.get("/en/privacy/").content.decode()
