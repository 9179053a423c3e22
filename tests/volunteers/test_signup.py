"""Saving: one transaction, duplicates within a day, and concurrent submissions on PostgreSQL."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from volunteers import signup
from volunteers.models import (
    EmailDelivery,
    InterestArea,
    PendingApplicationChange,
    SpokenLanguage,
    VolunteerApplication,
)

from .factories import VolunteerApplicationFactory

pytestmark = pytest.mark.django_db


def cleaned(**changes):
    data = {
        "full_name": "Aziz Rahimov",
        "email": "aziz@example.org",
        "phone": "+998901112233",
        "country": "UZ",
        "city": "Samarkand",
        "languages": list(SpokenLanguage.objects.filter(code="uz")),
        "interests": list(InterestArea.objects.filter(code="events")),
        "availability": "monthly",
        "motivation": "To help.",
        "heard_about": "",
    }
    data.update(changes)
    return data


def test_application_and_its_emails_are_saved_together(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        submission = signup.submit_application(cleaned(), language="ru")
    assert submission.created
    application = VolunteerApplication.objects.get()
    assert application.language == "ru"
    kinds = sorted(application.deliveries.values_list("kind", flat=True))
    assert kinds == ["confirmation", "coordinators"]
    # Claimed by the request that sends them after the commit: the retry command leaves them.
    assert set(application.deliveries.values_list("state", flat=True)) == {"sending"}
    assert len(callbacks) == 1, "sending waits for the commit"


def test_nothing_is_saved_if_the_transaction_fails(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(signup, "_queue_emails", explode)
    with pytest.raises(RuntimeError):
        signup.submit_application(cleaned(), language="en")
    assert VolunteerApplication.objects.count() == 0
    assert EmailDelivery.objects.count() == 0


def test_same_address_within_a_day_changes_nothing_and_asks_the_owner(
    submit, form_data, settings, mailoutbox
):
    settings.VOLUNTEER_COORDINATOR_EMAILS = ["coordinator@example.org"]
    submit(form_data(email="Dilnoza@Example.org", city="Bukhara"))
    mailoutbox.clear()
    with time_machine.travel(timezone.now() + timedelta(hours=20)):
        response = submit(
            form_data(email="dilnoza@example.org", city="Khiva", availability="events")
        )
    assert response.status_code == 302
    assert response["Location"] == "/en/volunteer/thanks/"  # same page: no enumeration
    application = VolunteerApplication.objects.get()
    assert (application.city, application.availability) == ("Bukhara", "weekly")
    assert application.submission_count == 1
    assert application.pending_change.data["city"] == "Khiva"
    (message,) = mailoutbox
    assert message.to == ["Dilnoza@example.org"]  # the stored address, nobody else
    assert message.subject == "Confirm the changes to your volunteer application to PINA"


def test_same_address_after_a_day_does_not_start_a_second_application(submit, form_data):
    submit(form_data())
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        submit(form_data(city="Nukus"))
    application = VolunteerApplication.objects.get()
    assert application.city == "Bukhara"
    assert application.pending_change.data["city"] == "Nukus"


@pytest.mark.parametrize("status", ["withdrawn", "declined"])
def test_a_closed_application_is_followed_by_a_linked_new_one(submit, form_data, status):
    submit(form_data())
    VolunteerApplication.objects.update(status=status)
    submit(form_data(city="Termez"))
    first, second = VolunteerApplication.objects.order_by("pk")
    assert (first.city, second.city) == ("Bukhara", "Termez")
    assert second.previous_application == first
    assert not first.latest_from_address and second.latest_from_address


def test_erased_application_is_never_updated():
    first = signup.submit_application(cleaned(), language="en").application
    signup.erase_personal_data(first, withdraw=True)
    second = signup.submit_application(cleaned(), language="en").application
    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.full_name == "" and first.email == ""


def test_the_database_refuses_two_latest_rows_for_one_address():
    VolunteerApplicationFactory(email="same@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerApplicationFactory(email="SAME@example.org")


def test_a_lost_race_is_retried_as_a_pending_change(monkeypatch):
    """Simulates the race's loser: its first look finds nothing, then the insert collides."""
    winner = signup.submit_application(cleaned(), language="en").application
    real_save = signup._save
    calls = {"n": 0}

    def save_as_if_racing(data, key, language, **options):
        calls["n"] += 1
        if calls["n"] == 2:
            VolunteerApplication(
                email_key=key,
                full_name="x",
                email=key,
                country="UZ",
                city="x",
                availability="monthly",
                motivation="x",
                consented_at=timezone.now(),
            ).save()  # what the loser would try: a second latest row → IntegrityError
        return real_save(data, key, language, **options)

    monkeypatch.setattr(signup, "_save", save_as_if_racing)
    submission = signup.submit_application(cleaned(city="Jizzakh"), language="en")
    # 1: the insert a new address tries, refused (the winner's row exists); 2: its look finds
    # the winner but the race's insert collides; 3: the retry holds the change for the winner.
    assert calls["n"] == 3
    assert not submission.created
    assert submission.application.pk == winner.pk
    assert VolunteerApplication.objects.count() == 1
    assert VolunteerApplication.objects.get().city == "Samarkand"
    assert PendingApplicationChange.objects.get().data["city"] == "Jizzakh"


# --- concurrency against PostgreSQL --------------------------------------------------------------

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serializes writers (IMMEDIATE transactions): there is no race to provoke. "
    "Run with DATABASE_URL=postgres://... to exercise the constraint and row locks.",
)


def _run_together(count, work):
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait(timeout=20)
            work(index)
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_with_one_address_make_one_row(mailoutbox):
    errors = _run_together(
        8,
        lambda i: signup.submit_application(
            cleaned(email="Race@Example.org", city=f"City {chr(65 + i)}"), language="en"
        ),
    )
    assert errors == []
    rows = VolunteerApplication.objects.filter(email_key="race@example.org")
    assert rows.count() == 1
    application = rows.get()
    # The first one's data stands; one of the seven others waits, the rest were replaced.
    assert application.submission_count == 1
    change = PendingApplicationChange.objects.get()
    assert change.application == application
    assert change.data["city"] != application.city
    requests = EmailDelivery.objects.filter(kind="change_request")
    assert requests.count() == 7
    assert requests.filter(change=change).count() == 1  # only the last one's link works


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_with_different_addresses_lose_nothing(mailoutbox):
    errors = _run_together(
        16,
        lambda i: signup.submit_application(cleaned(email=f"p{i}@example.org"), language="en"),
    )
    assert errors == []
    assert VolunteerApplication.objects.count() == 16
    assert VolunteerApplication.objects.values("email_key").distinct().count() == 16
    assert EmailDelivery.objects.count() == 32


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_posts_through_the_whole_stack(form_data, settings, mailoutbox):
    settings.RATELIMIT_ENABLE = False
    payloads = [
        form_data(email="same@example.org" if i % 2 else f"own{i}@example.org") for i in range(10)
    ]
    statuses = []

    def post(index):
        response = Client().post("/en/volunteer/", payloads[index])
        statuses.append(response.status_code)

    errors = _run_together(10, post)
    assert errors == []
    assert statuses == [302] * 10
    assert VolunteerApplication.objects.count() == 6  # five own addresses + one shared
    shared = VolunteerApplication.objects.get(email_key="same@example.org")
    assert shared.submission_count == 1
    assert PendingApplicationChange.objects.filter(application=shared).count() == 1


def test_a_new_application_costs_few_queries(
    client, form_data, django_assert_max_num_queries, django_capture_on_commit_callbacks, mailoutbox
):
    """The form, the writes and both e-mails: no re-reads, no link diffing for a new row."""
    data = form_data(email="fresh@example.org")
    client.get("/en/volunteer/")  # options cached, site settings cached
    with (
        # 9: with no coordinator address configured, one query looks for coordinators' accounts.
        django_assert_max_num_queries(9) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/en/volunteer/", data)
    assert response.status_code == 302
    # A new address is inserted straight away: no look for an earlier application.
    assert not [q for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    application = VolunteerApplication.objects.get()
    assert application.languages.count() == 2
    assert application.interests.count() == 2
    assert len(mailoutbox) == 1  # the volunteer's (no coordinator address is configured)
