"""The audit trail of volunteers' personal data: one `ApplicationAuditEntry` per list shown,
look, change, erasure, deletion or export by staff (called from volunteers/admin.py), kept
append-only (migration 0006) and purged only after AUDIT_RETENTION_DAYS (`purge_older_than`).
"""

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from .models import ApplicationAuditEntry

Action = ApplicationAuditEntry.Action


def record(request, action, application_ids, changed_fields=(), detail=""):
    """Record the account, the time, the action, the applications' ids and, for changes, the
    names of the fields that changed. Never the values, the search terms or the filters' values:
    those may be personal data themselves."""
    user = request.user
    return ApplicationAuditEntry.objects.create(
        user=user if user.is_authenticated else None,
        username=user.get_username() if user.is_authenticated else "",
        action=action,
        application_ids=sorted(int(pk) for pk in application_ids),
        changed_fields=list(changed_fields),
        detail=detail[:200],
    )


def purge_older_than(days: int, dry_run: bool = False, now=None) -> int:
    """Delete the entries older than `days`; returns how many.

    On PostgreSQL the append-only trigger lets a DELETE through only inside a transaction that
    names its cut-off (pina.audit_purge_before, transaction-local so it ends with the purge),
    and then only for entries older than that cut-off.
    """
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = ApplicationAuditEntry.objects.filter(at__lt=cutoff)
    if dry_run:
        return old.count()
    if connection.vendor != "postgresql":
        return old.delete()[0]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pina.audit_purge_before', %s, true)", [cutoff.isoformat()]
        )
        count = old.delete()[0]
        # Cleared at once, in case this runs inside a longer transaction.
        cursor.execute("SELECT set_config('pina.audit_purge_before', '', true)")
    return count
