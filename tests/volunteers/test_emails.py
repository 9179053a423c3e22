"""The e-mails: language, content, recipients, and what happens when the mail server fails."""

import re
import smtplib
import socket
import time
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from pina.site.models import SiteSettings
from volunteers import notifications
from volunteers.models import EmailDelivery, VolunteerApplication

pytestmark = pytest.mark.django_db


def refuse(self, *args, **kwargs):
    raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture(autouse=True)
def coordinators(settings):
    settings.VOLUNTEER_COORDINATOR_EMAILS = ["coordinators@pina.example.org"]
    settings.SITE_URL = "https://pina.example.org"


def volunteer_mail(outbox):
    return [message for message in outbox if "coordinators@pina.example.org" not in message.to]


def coordinator_mail(outbox):
    return [message for message in outbox if "coordinators@pina.example.org" in message.to]


def test_volunteer_gets_a_confirmation_in_english(submit, form_data, mailoutbox):
    submit(form_data())
    (message,) = volunteer_mail(mailoutbox)
    assert message.to == ["dilnoza@example.org"]
    assert message.subject == "Please confirm your volunteer application to PINA"
    assert "Dear Dilnoza Karimova," in message.body
    assert re.search(r"https://pina\.example\.org/en/volunteer/confirm/[^/\s]+/", message.body)
    assert re.search(r"https://pina\.example\.org/en/volunteer/withdraw/[^/\s]+/", message.body)
    assert "https://pina.example.org/en/privacy/" in message.body
    assert message.reply_to == ["network.pina@gmail.com"]


@pytest.mark.parametrize(
    "language,subject,greeting",
    [
        ("ru", "Подтвердите вашу заявку волонтёра в PINA", "Здравствуйте, Dilnoza Karimova!"),
        ("uz", "PINA koʻngillilik arizangizni tasdiqlang", "Hurmatli Dilnoza Karimova,"),
    ],
)
def test_volunteer_mail_is_in_their_language(
    submit, form_data, mailoutbox, language, subject, greeting
):
    submit(form_data(), language=language)
    (message,) = volunteer_mail(mailoutbox)
    assert message.subject == subject
    assert greeting in message.body
    assert f"https://pina.example.org/{language}/volunteer/confirm/" in message.body
    assert f"https://pina.example.org/{language}/privacy/" in message.body
    # The coordinators' notification stays in the site's language.
    (note,) = coordinator_mail(mailoutbox)
    assert note.subject == f"New volunteer application #{VolunteerApplication.objects.get().pk}"


def test_coordinators_get_a_link_and_nothing_personal(submit, form_data, mailoutbox):
    submit(form_data(phone="+998 90 765 43 21", city="Urgench", heard_about="Telegram"))
    (note,) = coordinator_mail(mailoutbox)
    application = VolunteerApplication.objects.get()
    admin_path = f"/admin/volunteers/volunteerapplication/{application.pk}/change/"
    assert f"https://pina.example.org{admin_path}" in note.body
    text = note.subject + note.body
    assert f"#{application.pk}" in note.subject
    for private in ("Dilnoza", "Karimova", "dilnoza@", "998", "Urgench", "Telegram", "migrate"):
        assert private not in text


def test_coordinator_addresses_from_site_settings_win_over_the_environment(
    submit, form_data, mailoutbox
):
    record = SiteSettings.current()
    record.coordinator_emails = "a@pina.example.org\n\n b@pina.example.org \n"
    record.save()
    submit(form_data())
    notes = [m for m in mailoutbox if m.subject.startswith("New volunteer application")]
    assert notes[0].to == ["a@pina.example.org", "b@pina.example.org"]


def test_a_confirmed_change_is_announced_to_the_coordinators(
    submit, form_data, mailoutbox, client, django_capture_on_commit_callbacks
):
    submit(form_data())
    submit(form_data(city="Khiva"))
    (request,) = [m for m in mailoutbox if m.subject.startswith("Confirm the changes")]
    mailoutbox.clear()
    path = re.search(r"https://pina\.example\.org(/en/volunteer/change/[^/\s]+/)", request.body)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path.group(1))
    assert volunteer_mail(mailoutbox) == []  # the owner has just seen the page saying so
    (note,) = coordinator_mail(mailoutbox)
    assert note.subject == f"Volunteer application #{VolunteerApplication.objects.get().pk} updated"


def test_sent_deliveries_are_recorded(submit, form_data):
    submit(form_data())
    for delivery in EmailDelivery.objects.all():
        assert delivery.state == "sent"
        assert delivery.attempts == 1
        assert delivery.sent_at is not None


def test_failing_mail_server_loses_nothing_and_the_retry_sends(
    submit, form_data, mailoutbox, monkeypatch
):
    with monkeypatch.context() as patch:
        patch.setattr(mail.EmailMessage, "send", refuse)
        response = submit(form_data())
    assert response.status_code == 302  # the visitor sees the thank-you page
    application = VolunteerApplication.objects.get()
    assert application.full_name == "Dilnoza Karimova"
    first, second = EmailDelivery.objects.order_by("pk")
    assert (first.state, second.state) == ("pending", "pending")
    assert "ConnectionRefusedError" in first.last_error
    # With no server answering, the second is left to the retry instead of a second timeout.
    assert (second.attempts, second.last_error) == (0, "")
    assert mailoutbox == []

    call_command("send_pending_emails")  # the untried notice is due; the failed one is not yet
    assert [m.to for m in mailoutbox] == [["coordinators@pina.example.org"]]
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        call_command("send_pending_emails")
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == ["dilnoza@example.org"]
    assert {d.state for d in EmailDelivery.objects.all()} == {"sent"}
    assert sorted(d.attempts for d in EmailDelivery.objects.all()) == [1, 2]


def test_a_refused_address_does_not_hold_back_the_coordinators_notice(
    submit, form_data, mailoutbox, monkeypatch
):
    real_send = mail.EmailMessage.send

    def refuse_volunteer(self, *args, **kwargs):
        if "dilnoza@example.org" in self.to:
            raise smtplib.SMTPRecipientsRefused({"dilnoza@example.org": (550, b"No such user")})
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", refuse_volunteer)
    submit(form_data())
    confirmation = EmailDelivery.objects.get(kind="confirmation")
    assert confirmation.state == "pending"
    assert "SMTPRecipientsRefused" in confirmation.last_error
    assert "dilnoza@example.org" not in confirmation.last_error
    assert EmailDelivery.objects.get(kind="coordinators").state == "sent"
    assert [m.to for m in mailoutbox] == [["coordinators@pina.example.org"]]


def test_errors_are_recorded_without_addresses():
    error = Exception("550 5.1.1 <dilnoza@example.org>: Recipient address rejected")
    text = notifications.describe_error(error)
    assert "dilnoza@example.org" not in text
    assert "<address>" in text and "550" in text


def test_retries_back_off_and_give_up_after_the_maximum(form_data, submit, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OSError("down")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    submit(form_data())
    delivery = EmailDelivery.objects.get(kind="confirmation")
    now = timezone.now()
    for _attempt in range(notifications.MAX_ATTEMPTS - 1):
        now += timedelta(hours=7)
        with time_machine.travel(now):
            call_command("send_pending_emails")
    delivery.refresh_from_db()
    assert delivery.attempts == notifications.MAX_ATTEMPTS
    assert delivery.state == "failed"
    assert notifications.retry_delay(1) == timedelta(minutes=5)
    assert notifications.retry_delay(2) == timedelta(minutes=10)
    assert notifications.retry_delay(20) == timedelta(hours=6)

    monkeypatch.undo()
    call_command("send_pending_emails", "--include-failed")
    delivery.refresh_from_db()
    assert delivery.state == "sent"


def test_a_notice_nobody_can_receive_is_recorded_once_not_retried(
    submit, form_data, settings, mailoutbox
):
    settings.VOLUNTEER_COORDINATOR_EMAILS = []
    submit(form_data())
    delivery = EmailDelivery.objects.get(kind="coordinators")
    assert delivery.state == "no_recipient"
    assert delivery.attempts == 1
    assert "no coordinator address" in delivery.last_error
    settings.VOLUNTEER_COORDINATOR_EMAILS = ["late@pina.example.org"]
    with time_machine.travel(timezone.now() + timedelta(hours=7)):
        call_command("send_pending_emails", "--all-due")
    delivery.refresh_from_db()
    assert delivery.state == "no_recipient" and delivery.attempts == 1
    # "Send again now" in the admin sends it once somebody is configured.
    EmailDelivery.objects.filter(pk=delivery.pk).update(state="pending")
    assert notifications.deliver(delivery.pk) == notifications.SENT
    assert mailoutbox[-1].to == ["late@pina.example.org"]


def test_a_delivery_is_claimed_once(submit, form_data, mailoutbox, monkeypatch):
    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    submit(form_data())
    monkeypatch.undo()
    delivery = EmailDelivery.objects.get(kind="confirmation")
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        state="sending", claimed_at=timezone.now(), next_attempt_at=timezone.now()
    )
    assert notifications.deliver(delivery.pk) == notifications.SKIPPED  # someone else has it
    # A claim abandoned by a crashed process is released after a while.
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        call_command("send_pending_emails")
    delivery.refresh_from_db()
    assert delivery.state == "sent"


def test_erased_applications_get_no_more_mail(submit, form_data, mailoutbox, monkeypatch):
    from volunteers import signup

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    submit(form_data())
    monkeypatch.undo()
    signup.erase_personal_data(VolunteerApplication.objects.get(), withdraw=True)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        call_command("send_pending_emails")
    assert mailoutbox == []
    assert set(EmailDelivery.objects.values_list("state", flat=True)) == {"cancelled"}


# --- a real SMTP server ------------------------------------------------------------------------


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_real_smtp_server_down_then_up(submit, form_data, settings):
    """Nothing listens on the port (connection refused); then an aiosmtpd server accepts."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5

    response = submit(form_data(), language="ru")
    assert response.status_code == 302
    assert VolunteerApplication.objects.count() == 1
    first = EmailDelivery.objects.order_by("pk").first()
    assert {d.state for d in EmailDelivery.objects.all()} == {"pending"}
    assert "ConnectionRefusedError" in first.last_error

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=True):
            call_command("send_pending_emails")
        deadline = time.monotonic() + 5
        while len(inbox.messages) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        controller.stop()
    recipients = sorted(address for envelope in inbox.messages for address in envelope.rcpt_tos)
    assert recipients == ["coordinators@pina.example.org", "dilnoza@example.org"]
    volunteer = next(e for e in inbox.messages if "dilnoza@example.org" in e.rcpt_tos)
    body = volunteer.content.decode()
    assert 'Content-Type: text/plain; charset="utf-8"' in body or "charset=utf-8" in body
    assert {d.state for d in EmailDelivery.objects.all()} == {"sent"}
