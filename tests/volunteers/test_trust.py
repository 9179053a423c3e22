"""Issue 18: nobody rewrites a volunteer's application, coordinators are told, no personal data
in subjects or logs, single-use form stamps, and confirmations first after a mail outage."""

import logging
import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.translation import override as translation_override

from pina.security.groups import VOLUNTEER_COORDINATORS
from volunteers import abuse, notifications, signup
from volunteers.models import (
    EmailDelivery,
    InterestArea,
    PendingApplicationChange,
    SpokenLanguage,
    VolunteerApplication,
)

from .conftest import stamp
from .factories import VolunteerApplicationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/volunteers/volunteerapplication/"
CHANGE_LINK = re.compile(r"https://pina\.example\.org(/[a-z]{2}/volunteer/change/[^/\s]+/)")


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://pina.example.org"


def change_requests(outbox):
    return [m for m in outbox if "/volunteer/change/" in m.body]


def owner_and_stranger(submit, form_data, mailoutbox, owner_language="en"):
    """The owner applies; a stranger then sends the form with the owner's address."""
    submit(form_data(city="Bukhara"), language=owner_language)
    mailoutbox.clear()
    submit(
        form_data(
            full_name="Someone Else",
            phone="+998 91 000 00 01",
            city="Khiva",
            availability="events",
            motivation="Not the owner's words.",
        )
    )
    return VolunteerApplication.objects.get()


# --- 1. nobody rewrites a volunteer's application ------------------------------------------------


def test_a_strangers_submission_changes_nothing_and_mails_the_owner(
    submit, form_data, mailoutbox, settings
):
    settings.VOLUNTEER_COORDINATOR_EMAILS = ["coordinators@pina.example.org"]
    application = owner_and_stranger(submit, form_data, mailoutbox, owner_language="ru")
    VolunteerApplication.objects.filter(pk=application.pk).update(email_confirmed_at=timezone.now())
    application.refresh_from_db()
    assert application.full_name == "Dilnoza Karimova"
    assert (application.city, application.availability) == ("Bukhara", "weekly")
    assert application.phone == "+998901234567"
    assert application.language == "ru"
    assert application.submission_count == 1
    (message,) = mailoutbox  # the owner only: the coordinators hear of it once it is confirmed
    assert message.to == ["dilnoza@example.org"]
    # In the owner's language (the stranger wrote in English), naming the owner, not the sender.
    assert message.subject == "Подтвердите изменения в вашей заявке волонтёра в PINA"
    assert "Dilnoza Karimova" in message.body and "Someone Else" not in message.body
    assert "/ru/volunteer/change/" in message.body
    change = application.pending_change
    assert change.data["full_name"] == "Someone Else"
    assert change.expires_at - change.created_at == signup.CHANGE_MAX_AGE


def test_the_owners_confirmation_applies_the_change(
    submit, form_data, mailoutbox, client, django_capture_on_commit_callbacks
):
    application = owner_and_stranger(submit, form_data, mailoutbox)
    (message,) = change_requests(mailoutbox)
    path = CHANGE_LINK.search(message.body).group(1)
    # Opening the link (as a mail scanner does) only asks.
    page = client.get(path)
    assert page.status_code == 200
    assert "Yes, update my application" in page.text
    application.refresh_from_db()
    assert application.city == "Bukhara"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path)
    assert "Your application has been updated" in done.text
    application.refresh_from_db()
    assert application.full_name == "Someone Else"
    assert (application.city, application.availability) == ("Khiva", "events")
    assert application.phone == "+998910000001"
    assert application.submission_count == 2
    assert application.is_email_confirmed  # the link reached the address
    assert set(application.languages.values_list("code", flat=True)) == {"uz", "ru"}
    assert not PendingApplicationChange.objects.exists()
    # The link works once.
    again = client.post(path)
    assert "This link no longer works" in again.text


def test_an_expired_link_applies_nothing(submit, form_data, mailoutbox, client):
    application = owner_and_stranger(submit, form_data, mailoutbox)
    (message,) = change_requests(mailoutbox)
    path = CHANGE_LINK.search(message.body).group(1)
    with time_machine.travel(timezone.now() + signup.CHANGE_MAX_AGE + timedelta(minutes=1)):
        assert "This link no longer works" in client.get(path).text
        assert "This link no longer works" in client.post(path).text
        assert signup.discard_expired_changes() == 1
    application.refresh_from_db()
    assert (application.full_name, application.city) == ("Dilnoza Karimova", "Bukhara")
    assert application.submission_count == 1
    assert not PendingApplicationChange.objects.exists()


def test_a_newer_submission_replaces_the_pending_change_and_kills_the_older_link(
    submit, form_data, mailoutbox, client
):
    owner_and_stranger(submit, form_data, mailoutbox)
    (first,) = change_requests(mailoutbox)
    submit(form_data(city="Nukus"))
    assert PendingApplicationChange.objects.get().data["city"] == "Nukus"
    client.post(CHANGE_LINK.search(first.body).group(1))
    assert VolunteerApplication.objects.get().city == "Bukhara"


def test_a_forged_change_link_is_refused(submit, form_data, mailoutbox, client):
    owner_and_stranger(submit, form_data, mailoutbox)
    (message,) = change_requests(mailoutbox)
    path = CHANGE_LINK.search(message.body).group(1)
    forged = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert client.post(forged).status_code == 400
    assert VolunteerApplication.objects.get().city == "Bukhara"


def test_erasing_the_application_erases_its_pending_change(submit, form_data, mailoutbox):
    application = owner_and_stranger(submit, form_data, mailoutbox)
    signup.erase_personal_data(application, withdraw=True)
    assert not PendingApplicationChange.objects.exists()


def test_coordinators_see_that_a_change_waits_but_not_what_it_says(
    submit, form_data, mailoutbox, client, coordinator
):
    application = owner_and_stranger(submit, form_data, mailoutbox)
    client.force_login(coordinator)
    for page in (CHANGELIST, f"{CHANGELIST}{application.pk}/change/"):
        text = client.get(page).text
        assert "waiting for the owner of the address to confirm it" in text
        assert "Khiva" not in text and "Someone Else" not in text
        assert "Bukhara" in text


def test_coordinators_see_a_returning_address_as_the_same_person(client, coordinator):
    first = VolunteerApplicationFactory(email="back@example.org", status="declined")
    data = {
        "full_name": "Back Again",
        "email": "Back@Example.org",
        "phone": "",
        "country": "UZ",
        "city": "Andijan",
        "languages": list(SpokenLanguage.objects.filter(code="uz")),
        "interests": list(InterestArea.objects.filter(code="events")),
        "availability": "monthly",
        "motivation": "Again.",
        "heard_about": "",
    }
    second = signup.submit_application(data, language="en").application
    assert second.previous_application == first
    client.force_login(coordinator)
    text = client.get(f"{CHANGELIST}{second.pk}/change/").text
    assert "earlier application from the same address" in text.lower()
    assert f"{CHANGELIST}{first.pk}/change/" in text


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serializes writers: there is no race to provoke.",
)


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_racing_submissions_for_a_known_address_leave_one_application_one_change(
    form_data, settings, mailoutbox
):
    settings.RATELIMIT_ENABLE = False
    owner = VolunteerApplicationFactory(email="owner@example.org", city="Bukhara")
    payloads = [form_data(email="owner@example.org", city=city) for city in ("Khiva", "Nukus")]
    barrier = threading.Barrier(2)
    statuses, errors = [], []

    def post(index):
        try:
            barrier.wait(timeout=20)
            statuses.append(Client().post("/en/volunteer/", payloads[index]).status_code)
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert statuses == [302, 302]
    assert VolunteerApplication.objects.get().pk == owner.pk
    owner.refresh_from_db()
    assert owner.city == "Bukhara" and owner.submission_count == 1
    change = PendingApplicationChange.objects.get()
    assert change.data["city"] in ("Khiva", "Nukus")
    requests = EmailDelivery.objects.filter(kind="change_request")
    assert requests.count() == 2
    assert requests.filter(change=change).count() == 1


# --- 4. coordinators are told --------------------------------------------------------------------


def test_without_an_address_notices_go_to_coordinators_and_superusers(
    settings, django_user_model, coordinator, superuser
):
    settings.VOLUNTEER_COORDINATOR_EMAILS = []
    group = Group.objects.get(name=VOLUNTEER_COORDINATORS)
    left = django_user_model.objects.create_user("left", "left@example.org", is_active=False)
    left.groups.add(group)
    silent = django_user_model.objects.create_user("silent", "")
    silent.groups.add(group)
    django_user_model.objects.create_user("staff", "staff@example.org", is_staff=True)
    assert notifications.coordinator_recipients() == ["coordinator@example.org", "root@example.org"]
    application = VolunteerApplicationFactory()
    delivery = EmailDelivery.objects.create(application=application, kind="coordinators")
    assert notifications.deliver(delivery.pk) == notifications.SENT
    assert mail.outbox[-1].to == ["coordinator@example.org", "root@example.org"]


def test_the_list_warns_when_nobody_would_be_told(client, settings, coordinator):
    settings.VOLUNTEER_COORDINATOR_EMAILS = []
    warning = "Nobody is told about new applications"
    client.force_login(coordinator)
    assert warning not in client.get(CHANGELIST).text  # the coordinator has an address
    type(coordinator).objects.filter(pk=coordinator.pk).update(email="")
    assert warning in client.get(CHANGELIST).text
    settings.VOLUNTEER_COORDINATOR_EMAILS = ["coordinators@pina.example.org"]
    assert warning not in client.get(CHANGELIST).text


# --- 5. no personal data in any e-mail subject or log line ---------------------------------------

NAME, EMAIL, PHONE = "Zulfiya Qudratova", "zulfiya.q@example.net", "+998935557119"
PRIVATE = ("Zulfiya", "Qudratova", "zulfiya.q", "935557119", "93 555 71 19")


def _every_message(application):
    """One message of each kind and variant the site sends, for this application."""
    change = PendingApplicationChange.objects.create(
        application=application,
        data={"full_name": NAME},
        language="en",
        expires_at=timezone.now() + signup.CHANGE_MAX_AGE,
    )
    builders = {
        EmailDelivery.Kind.CONFIRMATION: lambda: EmailDelivery(
            application=application, kind="confirmation"
        ),
        EmailDelivery.Kind.COORDINATORS: lambda: EmailDelivery(
            application=application, kind="coordinators"
        ),
        EmailDelivery.Kind.CHANGE_REQUEST: lambda: EmailDelivery(
            application=application, kind="change_request", change=change
        ),
    }
    assert set(builders) == set(EmailDelivery.Kind), "a new kind of e-mail needs a case here"
    for count, confirmed in ((1, None), (2, None), (1, timezone.now())):
        application.submission_count = count
        application.email_confirmed_at = confirmed
        for build in builders.values():
            yield notifications.build_message(build())


@pytest.mark.parametrize("language", [code for code, _name in django_settings.LANGUAGES])
def test_no_e_mail_subject_holds_personal_data(settings, language):
    settings.VOLUNTEER_COORDINATOR_EMAILS = ["coordinators@pina.example.org"]
    application = VolunteerApplicationFactory(
        full_name=NAME, email=EMAIL, phone=PHONE, language=language
    )
    subjects = [message.subject for message in _every_message(application)]
    assert len(subjects) == 9
    for subject in subjects:
        assert subject
        for private in PRIVATE:
            assert private.lower() not in subject.lower(), subject


def test_no_log_line_of_a_signup_a_confirmation_or_a_send_holds_personal_data(
    submit, form_data, client, caplog, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.VOLUNTEER_COORDINATOR_EMAILS = ["coordinators@pina.example.org"]
    caplog.set_level(logging.DEBUG)
    data = form_data(full_name=NAME, email=EMAIL, phone="+998 93 555 71 19")
    monkeypatch.setattr(mail.EmailMessage, "send", _refuse)
    submit(data)  # sign-up, with both e-mails failing
    submit(form_data(full_name=NAME, email=EMAIL, city="Khiva"))  # a change to confirm
    monkeypatch.undo()
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        call_command("send_pending_emails")  # the send
    application = VolunteerApplication.objects.get()
    from volunteers import tokens

    client.get(f"/en/volunteer/confirm/{tokens.make_token(application, tokens.CONFIRM)}/")
    path = CHANGE_LINK.search(change_requests(mail.outbox)[0].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
    assert VolunteerApplication.objects.get().city == "Khiva"  # everything above happened
    assert any("failed" in record.getMessage() for record in caplog.records)
    logged = caplog.text + "\n".join(record.getMessage() for record in caplog.records)
    for private in PRIVATE:
        assert private.lower() not in logged.lower()


def _refuse(self, *args, **kwargs):
    raise ConnectionRefusedError(111, "Connection refused")


# --- 11. a form stamp is good for one accepted submission, for two hours --------------------------

STALE_RU = "Форма была открыта слишком долго или её не удалось проверить."


def test_a_used_stamp_gets_the_form_back_like_a_stale_one(submit, form_data, mailoutbox):
    data = form_data(city="Bukhara")
    assert submit(data).status_code == 302
    again = dict(data, city="Khiva")
    response = submit(again, language="ru")
    assert response.status_code == 200
    assert STALE_RU in response.text  # the stale stamp's message, in the visitor's language
    assert 'value="Khiva"' in response.text  # what they typed is kept
    new_stamp = re.search(r'name="form_stamp" value="([^"]+)"', response.text).group(1)
    assert new_stamp != data["form_stamp"]
    assert VolunteerApplication.objects.count() == 1
    assert not PendingApplicationChange.objects.exists()
    # With the fresh stamp it goes through (once a person could have read the page again).
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        assert submit(dict(again, form_stamp=new_stamp)).status_code == 302
    assert PendingApplicationChange.objects.get().data["city"] == "Khiva"


def test_only_the_load_test_may_reuse_a_stamp(submit, form_data, settings):
    settings.VOLUNTEER_FORM_STAMP_SINGLE_USE = False
    data = form_data()
    assert submit(data).status_code == 302
    assert submit(dict(data, email="second@example.org")).status_code == 302
    assert VolunteerApplication.objects.count() == 2


def test_a_stamp_is_stale_after_two_hours(submit, form_data):
    assert django_settings.VOLUNTEER_FORM_MAX_AGE_SECONDS <= 2 * 3600
    response = submit(form_data(form_stamp=stamp(seconds_ago=3 * 3600)))
    assert response.status_code == 200
    assert "open for too long" in response.text
    assert not VolunteerApplication.objects.exists()


def test_forms_shown_in_the_same_second_get_different_stamps():
    now = timezone.now().timestamp()
    first, second = abuse.issue_form_stamp(now), abuse.issue_form_stamp(now)
    assert first != second
    assert abuse.use_form_stamp(first) and abuse.use_form_stamp(second)
    assert not abuse.use_form_stamp(first)


# --- 12. after a mail outage, confirmations come first -------------------------------------------


def _waiting(application, kind, minutes_ago):
    return EmailDelivery.objects.create(
        application=application,
        kind=kind,
        next_attempt_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_the_retry_sends_volunteers_mail_before_coordinators(settings, mailoutbox):
    settings.VOLUNTEER_COORDINATOR_EMAILS = ["coordinators@pina.example.org"]
    application = VolunteerApplicationFactory()
    notice = _waiting(application, "coordinators", minutes_ago=60)
    confirmation = _waiting(application, "confirmation", minutes_ago=1)
    call_command("send_pending_emails", "--limit", "1")
    confirmation.refresh_from_db()
    notice.refresh_from_db()
    assert (confirmation.state, notice.state) == ("sent", "pending")


def test_all_due_ignores_the_backoff_once_the_server_answers(mailoutbox, monkeypatch):
    application = VolunteerApplicationFactory()
    later = EmailDelivery.objects.create(
        application=application,
        kind="confirmation",
        attempts=5,
        next_attempt_at=timezone.now() + timedelta(hours=3),
    )
    call_command("send_pending_emails")
    assert mailoutbox == []  # the plain run respects the backoff
    monkeypatch.setattr(EmailBackend, "open", _refuse, raising=False)
    call_command("send_pending_emails", "--all-due")
    later.refresh_from_db()
    # The server is down: nothing tried, no attempt counted against the e-mail.
    assert (later.state, later.attempts, mailoutbox) == ("pending", 5, [])
    monkeypatch.undo()
    call_command("send_pending_emails", "--now")
    later.refresh_from_db()
    assert later.state == "sent"
    assert len(mailoutbox) == 1


# --- 13. the volunteer form during a database outage keeps what was typed ------------------------


def _database_down():
    from unittest import mock

    from django.db import OperationalError, connections

    return mock.patch.object(
        type(connections["default"]),
        "ensure_connection",
        side_effect=OperationalError("could not connect to server: Connection refused"),
    )


@pytest.mark.parametrize("language", ["en", "ru", "uz"])
def test_during_a_database_outage_the_form_comes_back_filled_in(
    client, form_data, mailoutbox, caplog, language
):
    from pina.ops.logs import Throttle

    for item in logging.getLogger("pina.ops.faults").filters:
        if isinstance(item, Throttle):
            item._last.clear()  # the outage's one line, not held back by an earlier test's
    data = form_data(full_name="Malika Tursunova", email="malika@example.org", city="Termez")
    client.get(f"/{language}/volunteer/")  # a visitor who had the form open
    with caplog.at_level(logging.INFO), _database_down():
        response = client.post(f"/{language}/volunteer/", data)
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] and "no-store" in response["Cache-Control"]
    assert f'<html lang="{language}">' in body
    # What the person typed is in the form, ready to be sent again; the message is theirs.
    for value in ("Malika Tursunova", "malika@example.org", "Termez", "+998 90 123 45 67"):
        assert f'value="{value}"' in body
    assert "I would like to help young people learn how to migrate safely." in body
    assert f'action="/{language}/volunteer/"' in body and "csrfmiddlewaretoken" in body
    with translation_override(language):
        from django.utils.translation import gettext

        assert gettext("Your application was not sent yet") in body
    assert "Traceback" not in body and VolunteerApplication.objects.count() == 0
    # One WARNING without a traceback, and nothing personal in the log.
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in warnings] == [
        "Database unavailable, answered 503: OperationalError"
    ]
    assert all(r.exc_info is None for r in warnings)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "Malika" not in logged and "malika@example.org" not in logged


def test_the_form_sent_again_once_the_database_is_back_is_accepted(
    client, form_data, django_capture_on_commit_callbacks
):
    data = form_data(email="again@example.org")
    client.get("/en/volunteer/")
    with _database_down():
        response = client.post("/en/volunteer/", data)
    assert response.status_code == 503
    resent = re.search(r'name="form_stamp" value="([^"]+)"', response.content.decode()).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/volunteer/", form_data(email="again@example.org", form_stamp=resent)
        )
    assert response.status_code == 302 and response["Location"].endswith("/volunteer/thanks/")
    assert VolunteerApplication.objects.filter(email="again@example.org").count() == 1
