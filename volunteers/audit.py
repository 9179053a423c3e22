"""The audit trail of volunteers' personal data: one `ApplicationAuditEntry` per list shown,
look, change, erasure, deletion or export by staff (called from volunteers/admin.py).
"""

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
