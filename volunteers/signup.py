"""The writes behind the volunteer form and the links in the volunteer's e-mail."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import (
    CLOSED_STATUSES,
    EmailDelivery,
    InterestArea,
    PendingApplicationChange,
    SpokenLanguage,
    VolunteerApplication,
)
from .notifications import deliver_after_commit, deliver_new_after_commit

logger = logging.getLogger(__name__)

# How long the owner of an address has to confirm a change sent with it (the link's age too).
CHANGE_MAX_AGE = timedelta(days=3)
_ATTEMPTS = 3

# The form's fields that are copied onto the application as they are.
_PLAIN_FIELDS = (
    "full_name",
    "email",
    "phone",
    "country",
    "city",
    "availability",
    "motivation",
    "heard_about",
)


def email_key(email: str) -> str:
    """The address as it identifies a person: case does not make a different mailbox."""
    return email.strip().lower()


@dataclass
class Submission:
    application: VolunteerApplication
    created: bool
    # Held for the address's owner to confirm (the application itself is unchanged).
    change: PendingApplicationChange | None = None

    @property
    def outcome(self) -> str:
        return "created" if self.created else "held for confirmation"


def submit_application(data: dict, language: str, event_id: int | None = None) -> Submission:
    """Save a valid form's data as a new application, or hold it for the address's owner.

    `data` is the form's cleaned_data (with model instances for languages and interests);
    `event_id` the conference whose sign-up link the form came through, recorded on a new
    application (a held change keeps the application's own).

    The application is saved in one transaction together with the e-mails it causes (as
    `EmailDelivery` rows), and only after the commit are they sent: a mail server that is down
    costs a retry later, never a sign-up.

    Anybody can type anybody's address, so a submission for an address that has an open
    application never changes it: the data is held as a `PendingApplicationChange` and the
    address is e-mailed a link that applies it (`apply_change`). An address whose application
    was closed (declined, withdrawn) starts a new one, linked to the earlier one. The visitor
    sees the same page in every case.

    Two submissions racing with the same address cannot both insert: the partial unique
    constraint `vol_app_one_latest_per_address` lets only one row per address be the latest; the
    loser of the race gets an IntegrityError, retries, finds the winner's row (locked with
    SELECT ... FOR UPDATE) and holds its data as the row's pending change. Most sign-ups come
    from an address we have not seen, so the first attempt inserts without looking for an
    earlier application (one query fewer);
    when the address has one, the same constraint refuses that insert and the next attempt takes
    the path that finds and locks it.
    """
    key = email_key(data["email"])
    look_first = False  # a new address is the common case (see above)
    attempt = 0
    while True:
        try:
            with transaction.atomic():
                submission = _save(data, key, language, look_first=look_first, event_id=event_id)
                deliveries = _queue_emails(submission)
                deliver_new_after_commit(submission.application, deliveries)
            return submission
        except IntegrityError:
            if not look_first:
                look_first = True  # the address has an application: find it
                continue
            # Another submission with this address committed first; on retry we find it.
            attempt += 1
            if attempt == _ATTEMPTS:
                raise
            logger.info("Concurrent sign-up with the same address; retrying (%s)", attempt)


def _save(
    data: dict, key: str, language: str, *, look_first: bool = True, event_id: int | None = None
) -> Submission:
    """Write the application, or the pending change; with `look_first`, find (and lock) this
    address's latest application first, else insert a new row as the address's latest."""
    now = timezone.now()
    latest = None
    if look_first:
        latest = (
            VolunteerApplication.objects.select_for_update()
            .filter(email_key=key, latest_from_address=True)
            .first()
        )
    if latest is not None and latest.status not in CLOSED_STATUSES:
        return Submission(application=latest, created=False, change=_hold(latest, data, language))
    if latest is not None:
        latest.latest_from_address = False
        latest.save(update_fields=["latest_from_address"])
    application = VolunteerApplication(
        email_key=key, submitted_at=now, status_changed_at=now, previous_application=latest
    )
    for field in _PLAIN_FIELDS:
        setattr(application, field, data.get(field) or "")
    application.language = language
    application.consented_at = now
    application.latest_from_address = True
    application.signup_event_id = event_id
    application.save()
    # A new row has no links yet: one INSERT each, not set()'s read, compare and insert.
    _link(application, "languages", data["languages"])
    _link(application, "interests", data["interests"])
    return Submission(application=application, created=True)


def _hold(application: VolunteerApplication, data: dict, language: str):
    """Keep the submission as the application's one pending change (replacing an older one,
    whose link then stops working) until the address's owner confirms it."""
    PendingApplicationChange.objects.filter(application=application).delete()
    now = timezone.now()
    stored = {field: str(data.get(field) or "") for field in _PLAIN_FIELDS}
    stored["languages"] = [option.pk for option in data["languages"]]
    stored["interests"] = [option.pk for option in data["interests"]]
    return PendingApplicationChange.objects.create(
        application=application,
        data=stored,
        language=language,
        created_at=now,
        expires_at=now + CHANGE_MAX_AGE,
    )


def _link(application: VolunteerApplication, name: str, options) -> None:
    field = VolunteerApplication._meta.get_field(name)
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    through.objects.bulk_create(
        [through(**{source: application, target: option}) for option in options]
    )


def _queue_emails(submission: Submission) -> list[EmailDelivery]:
    """Record the e-mails to send: for a new application one to the volunteer and one to the
    coordinators; for a held change, the link to confirm it, to the address's owner.

    Written already claimed by this request (state "sending"), which sends them once the
    transaction commits: the retry command cannot take them meanwhile, and no UPDATE is needed
    to claim them. If this process dies first, the retry command releases the claims after
    notifications.STALE_CLAIM and sends them.
    """
    application = submission.application
    now = timezone.now()
    if submission.change is not None:
        # The replaced change's e-mail would carry a dead link.
        EmailDelivery.objects.filter(
            application=application,
            kind=EmailDelivery.Kind.CHANGE_REQUEST,
            state=EmailDelivery.State.PENDING,
        ).update(state=EmailDelivery.State.CANCELLED)
        kinds = [EmailDelivery.Kind.CHANGE_REQUEST]
    else:
        kinds = [EmailDelivery.Kind.CONFIRMATION, EmailDelivery.Kind.COORDINATORS]
    return EmailDelivery.objects.bulk_create(
        [
            EmailDelivery(
                application=application,
                kind=kind,
                change=submission.change,
                state=EmailDelivery.State.SENDING,
                claimed_at=now,
            )
            for kind in kinds
        ]
    )


def request_new_confirmation(application: VolunteerApplication) -> None:
    """Queue a fresh confirmation e-mail (the volunteer's link expired)."""
    with transaction.atomic():
        EmailDelivery.objects.filter(
            application=application,
            kind=EmailDelivery.Kind.CONFIRMATION,
            state=EmailDelivery.State.PENDING,
        ).update(state=EmailDelivery.State.CANCELLED)
        delivery = EmailDelivery.objects.create(
            application=application, kind=EmailDelivery.Kind.CONFIRMATION
        )
        deliver_after_commit([delivery.pk])


def confirm_email(application: VolunteerApplication) -> VolunteerApplication:
    """Record that the volunteer opened the confirmation link (the first time counts)."""
    VolunteerApplication.objects.filter(
        pk=application.pk, email_confirmed_at__isnull=True, anonymized_at__isnull=True
    ).update(email_confirmed_at=timezone.now())
    application.refresh_from_db()
    return application


def apply_change(change_id: int) -> VolunteerApplication | None:
    """Apply a pending change its address's owner confirmed; None if it is gone or expired.

    Opening the link proves the owner reads the address, so it also confirms the address. The
    coordinators are told the application changed.
    """
    with transaction.atomic():
        change = (
            PendingApplicationChange.objects.select_for_update()
            .filter(pk=change_id, expires_at__gt=timezone.now())
            .first()
        )
        if change is None:
            return None
        application = VolunteerApplication.objects.select_for_update().get(pk=change.application_id)
        if application.is_anonymized:
            change.delete()
            return None
        data = change.data
        for field in _PLAIN_FIELDS:
            setattr(application, field, data.get(field) or "")
        application.language = change.language
        application.consented_at = change.created_at
        application.submission_count += 1
        if application.email_confirmed_at is None:
            application.email_confirmed_at = timezone.now()
        application.save()
        application.languages.set(SpokenLanguage.objects.filter(pk__in=data["languages"]))
        application.interests.set(InterestArea.objects.filter(pk__in=data["interests"]))
        change.delete()
        delivery = EmailDelivery.objects.create(
            application=application, kind=EmailDelivery.Kind.COORDINATORS
        )
        deliver_after_commit([delivery.pk])
    return application


def discard_expired_changes() -> int:
    """Delete the pending changes nobody confirmed in time (they hold personal data)."""
    deleted, _per_model = PendingApplicationChange.objects.filter(
        expires_at__lte=timezone.now()
    ).delete()
    return deleted


def erase_personal_data(
    application: VolunteerApplication, *, withdraw: bool = False
) -> VolunteerApplication:
    """Anonymize the application at once: its personal data, pending e-mails, the admin history.

    With `withdraw` (the volunteer's own request) the status becomes withdrawn as well.
    """
    with transaction.atomic():
        locked = VolunteerApplication.objects.select_for_update().get(pk=application.pk)
        if locked.is_anonymized:
            return locked
        now = timezone.now()
        locked.anonymize(now)
        if withdraw and locked.status != VolunteerApplication.Status.WITHDRAWN:
            locked.status = VolunteerApplication.Status.WITHDRAWN
            locked.status_changed_at = now
        locked.save()
        PendingApplicationChange.objects.filter(application=locked).delete()
        EmailDelivery.objects.filter(
            application=locked,
            state__in=[EmailDelivery.State.PENDING, EmailDelivery.State.FAILED],
        ).update(state=EmailDelivery.State.CANCELLED)
        # The admin history names each object: replace the name with the anonymous label.
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(VolunteerApplication),
            object_id=str(locked.pk),
        ).update(object_repr=str(locked)[:200])
    return locked


def anonymize_past_retention(days: int, batch_size: int = 500, dry_run: bool = False) -> int:
    """Erase declined and withdrawn applications older than `days`; returns how many."""
    ids = list(VolunteerApplication.objects.past_retention(days).values_list("pk", flat=True))
    if dry_run:
        return len(ids)
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        for application in VolunteerApplication.objects.filter(pk__in=batch):
            erase_personal_data(application)
    return len(ids)
