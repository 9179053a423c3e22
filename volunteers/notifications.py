"""Sending the e-mails an application causes, and recording what happened to each: every e-mail
is first an `EmailDelivery` row written in the same transaction as the application (signup.py),
sent here after the commit, and retried by `manage.py send_pending_emails` if it failed.
"""

import logging
import re
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from pina.security.groups import VOLUNTEER_COORDINATORS
from pina.site.addresses import absolute_url
from pina.site.models import SiteSettings

from . import tokens
from .models import EmailDelivery, VolunteerApplication

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=6)
STALE_CLAIM = timedelta(minutes=15)
_ADDRESS = re.compile(r"[^\s<>\"']+@[^\s<>\"']+")


class NoRecipients(Exception):
    """Nobody to send to: no coordinator address, coordinator or superuser with an address."""


def coordinator_recipients() -> list[str]:
    """Who the coordinators' notices go to: the addresses configured (site settings, else
    VOLUNTEER_COORDINATOR_EMAILS); without any, the active members of "Volunteer coordinators"
    and the active superusers that have an address, so that a fresh installation's notices
    reach somebody who can act on them."""
    configured = SiteSettings.current().coordinator_addresses()
    if configured:
        return configured
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=VOLUNTEER_COORDINATORS) | Q(is_superuser=True))
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(users)


def absolute(path: str) -> str:
    return absolute_url(path)


def _volunteer_message(application: VolunteerApplication) -> EmailMessage:
    site = SiteSettings.current()
    with translation.override(application.language):
        context = {
            "application": application,
            "site_name": site.site_name,
            "confirm_url": absolute(
                reverse(
                    "volunteers:confirm",
                    args=[tokens.make_token(application, tokens.CONFIRM)],
                )
            ),
            "withdraw_url": absolute(
                reverse(
                    "volunteers:withdraw",
                    args=[tokens.make_token(application, tokens.WITHDRAW)],
                )
            ),
            "privacy_url": absolute(reverse("privacy")),
            "confirmation_days": tokens.CONFIRMATION_MAX_AGE.days,
        }
        subject = render_to_string("volunteers/email/confirmation_subject.txt", context)
        body = render_to_string("volunteers/email/confirmation_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[application.email],
        reply_to=[site.contact_email],
    )


def _coordinators_message(application: VolunteerApplication) -> EmailMessage:
    recipients = coordinator_recipients()
    if not recipients:
        raise NoRecipients("no coordinator address is configured and no coordinator has one")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "application": application,
            "admin_url": absolute(application.get_admin_url()),
        }
        subject = render_to_string("volunteers/email/coordinators_subject.txt", context)
        body = render_to_string("volunteers/email/coordinators_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=recipients)


def _change_request_message(delivery: EmailDelivery) -> EmailMessage:
    """To the address's owner, in the language of the application they sent (not the one the
    change was sent in: that may be a stranger's)."""
    application = delivery.application
    change = delivery.change
    site = SiteSettings.current()
    with translation.override(application.language):
        context = {
            "application": application,
            "change": change,
            "site_name": site.site_name,
            "change_url": absolute(
                reverse("volunteers:confirm_change", args=[tokens.make_change_token(change)])
            ),
            "withdraw_url": absolute(
                reverse(
                    "volunteers:withdraw",
                    args=[tokens.make_token(application, tokens.WITHDRAW)],
                )
            ),
            "days": max((change.expires_at - change.created_at).days, 1),
        }
        subject = render_to_string("volunteers/email/change_subject.txt", context)
        body = render_to_string("volunteers/email/change_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[application.email],
        reply_to=[site.contact_email],
    )


def build_message(delivery: EmailDelivery) -> EmailMessage:
    if delivery.kind == EmailDelivery.Kind.CONFIRMATION:
        return _volunteer_message(delivery.application)
    if delivery.kind == EmailDelivery.Kind.CHANGE_REQUEST:
        return _change_request_message(delivery)
    return _coordinators_message(delivery.application)


def describe_error(error: Exception) -> str:
    """The error for the delivery record, without the addresses an SMTP server may echo."""
    text = f"{type(error).__name__}: {error}"
    return _ADDRESS.sub("<address>", text)[:300]


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


# What `deliver` reports.
SENT = "sent"
SKIPPED = "skipped"  # not due, taken by another process, or cancelled
FAILED = "failed"  # this message was refused (recorded, retried later)
UNREACHABLE = "unreachable"  # no mail server answered: other messages would fail the same way


def _server_unreachable(error: Exception) -> bool:
    """No server to talk to (refused, timed out, dropped), as opposed to a refused message."""
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    # smtplib's errors are OSErrors too; those other than the two above are server answers.
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def deliver(delivery_id: int) -> str:
    """Send one delivery if it is due and nobody else is sending it; say what happened.

    The send is claimed with a conditional UPDATE, so the request and the retry command never
    send the same delivery twice at once; a claim left behind by a crashed process is released
    after `STALE_CLAIM`.
    """
    now = timezone.now()
    claimed = EmailDelivery.objects.filter(
        pk=delivery_id, state=EmailDelivery.State.PENDING, next_attempt_at__lte=now
    ).update(state=EmailDelivery.State.SENDING, claimed_at=now)
    if not claimed:
        return SKIPPED
    delivery = EmailDelivery.objects.select_related("application", "change").get(pk=delivery_id)
    # A change-request e-mail whose change was applied, replaced or discarded has a dead link.
    superseded = delivery.kind == EmailDelivery.Kind.CHANGE_REQUEST and delivery.change is None
    if delivery.application.is_anonymized or superseded:
        delivery.state = EmailDelivery.State.CANCELLED
        delivery.save(update_fields=["state"])
        return SKIPPED
    return _send_claimed(delivery)


def _send_claimed(delivery: EmailDelivery, connection=None) -> str:
    """Send a delivery this process holds the claim of (state "sending") and record the result."""
    outcome = _attempt(delivery, connection)
    if outcome == SENT:
        delivery.save(update_fields=["state", "attempts", "sent_at"])
    else:
        delivery.save(update_fields=["state", "attempts", "last_error", "next_attempt_at"])
    return outcome


def _attempt(delivery: EmailDelivery, connection=None) -> str:
    """Try to send a claimed delivery; set its new state on the instance (not saved)."""
    try:
        message = build_message(delivery)
        message.connection = connection
        message.send()
    except Exception as error:  # SMTP refusals, connection errors, timeouts, a missing address
        return _record_failure(delivery, error)
    delivery.attempts += 1
    delivery.state = EmailDelivery.State.SENT
    delivery.sent_at = timezone.now()
    return SENT


def _record_failure(delivery: EmailDelivery, error: Exception) -> str:
    """Count a failed attempt on the instance (not saved): retry later, or give up.

    Nobody to send to is recorded once: retrying cannot help until someone is configured, and
    the applications list says so (admin.py); "Send again now" sends it then.
    """
    delivery.attempts += 1
    delivery.last_error = describe_error(error)
    if isinstance(error, NoRecipients):
        delivery.state = EmailDelivery.State.NO_RECIPIENT
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.state = EmailDelivery.State.FAILED
    else:
        delivery.state = EmailDelivery.State.PENDING
        delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
    logger.warning(
        "E-mail delivery %s (%s) failed, attempt %s: %s",
        delivery.pk,
        delivery.kind,
        delivery.attempts,
        delivery.last_error,
    )
    return UNREACHABLE if _server_unreachable(error) else FAILED


def deliver_new_after_commit(application: VolunteerApplication, deliveries) -> None:
    """Send deliveries created in the current transaction, already claimed (state "sending"),
    once it commits, as `deliver_after_commit` does, but with the rows and the application in
    hand: none is claimed or read again, one mail-server connection sends them all and one
    UPDATE records those sent (each failure is recorded on its own, as `deliver` does).
    """

    def send():
        now = deliveries[0].claimed_at
        sent, unsent = [], []
        connection = get_connection()
        try:
            connection.open()
        except Exception as error:  # noqa: BLE001 - no server: the first counts the attempt
            first, *rest = deliveries
            first.application = application
            _record_failure(first, error)
            first.save(update_fields=["state", "attempts", "last_error", "next_attempt_at"])
            _release_claims([d.pk for d in rest], now)
            return
        try:
            for position, delivery in enumerate(deliveries):
                delivery.application = application
                try:
                    outcome = _attempt(delivery, connection)
                except Exception:  # never let e-mail break the request that saved the data
                    logger.exception("E-mail delivery %s could not be attempted", delivery.pk)
                    unsent.append(delivery.pk)
                    continue
                if outcome == SENT:
                    sent.append(delivery)
                    continue
                delivery.save(update_fields=["state", "attempts", "last_error", "next_attempt_at"])
                if outcome == UNREACHABLE:
                    # As deliver_after_commit: the rest wait for the retry command.
                    unsent += [d.pk for d in deliveries[position + 1 :]]
                    break
        finally:
            _close_quietly(connection)
        if sent:
            EmailDelivery.objects.filter(pk__in=[d.pk for d in sent]).update(
                state=EmailDelivery.State.SENT, attempts=F("attempts") + 1, sent_at=timezone.now()
            )
        _release_claims(unsent, now)

    transaction.on_commit(send, robust=True)


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - a connection that fails to close has nothing left to do
        logger.info("Mail server connection not closed cleanly", exc_info=True)


def _release_claims(ids: list[int], claimed_at) -> None:
    """Give back claims this process took at `claimed_at` and did not use."""
    if ids:
        EmailDelivery.objects.filter(
            pk__in=ids, state=EmailDelivery.State.SENDING, claimed_at=claimed_at
        ).update(state=EmailDelivery.State.PENDING)


def deliver_after_commit(delivery_ids: list[int]) -> None:
    """Send these deliveries once the current transaction commits (at once if there is none).

    When no mail server answers, the rest are left for the retry command rather than making
    the visitor wait for another connection timeout.
    """

    def send():
        for delivery_id in delivery_ids:
            try:
                if deliver(delivery_id) == UNREACHABLE:
                    break
            except Exception:  # never let e-mail break the request that saved the data
                logger.exception("E-mail delivery %s could not be attempted", delivery_id)

    transaction.on_commit(send, robust=True)


def send_pending(include_failed: bool = False, limit: int = 500, all_due: bool = False) -> dict:
    """Send what is due: the retry loop run by `manage.py send_pending_emails`.

    The volunteers' e-mails (confirmations, changes to confirm) go before the coordinators'
    notices: after an outage a volunteer waits with the form just sent, a coordinator reads the
    admin anyway. With `all_due`, the backoff is ignored (everything waiting is sent now), but
    only once the mail server accepts a connection: while it is down, a run costs one
    connection attempt and counts no attempt against any e-mail.
    """
    now = timezone.now()
    # Claims older than STALE_CLAIM belong to a process that died mid-send.
    EmailDelivery.objects.filter(
        state=EmailDelivery.State.SENDING, claimed_at__lt=now - STALE_CLAIM
    ).update(state=EmailDelivery.State.PENDING)
    if include_failed:
        EmailDelivery.objects.filter(state=EmailDelivery.State.FAILED).update(
            state=EmailDelivery.State.PENDING, attempts=0, next_attempt_at=now
        )
    waiting = Q(state=EmailDelivery.State.PENDING)
    if not all_due:
        waiting &= Q(next_attempt_at__lte=now)
    due = (
        EmailDelivery.objects.filter(waiting)
        .annotate(
            volunteer_first=Case(
                When(kind__in=EmailDelivery.TO_VOLUNTEER, then=Value(0)), default=Value(1)
            )
        )
        .order_by("volunteer_first", "next_attempt_at", "pk")
    )
    ids = list(due.values_list("pk", flat=True)[:limit])
    counts = {"sent": 0, "not_sent": 0}
    if all_due and ids:
        connection = get_connection()
        try:
            connection.open()
        except Exception as error:  # noqa: BLE001 - any failure to connect: try next run
            logger.warning("Mail server unreachable, nothing sent: %s", describe_error(error))
            counts["not_sent"] = len(ids)
            return counts
        _close_quietly(connection)
        # The server answers: what waits for its backoff becomes due now.
        EmailDelivery.objects.filter(pk__in=ids, state=EmailDelivery.State.PENDING).update(
            next_attempt_at=now
        )
    for delivery_id in ids:
        if deliver(delivery_id) == SENT:
            counts["sent"] += 1
        else:
            counts["not_sent"] += 1
    return counts
