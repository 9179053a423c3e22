"""Logs: one JSON object per line, no personal data, no secrets; errors mailed to the admins
without request bodies, cookies or local variables, and not a thousand times."""

import json
import logging
import sys
from unittest import mock

import pytest
from django.core import mail
from django.test import Client

from pina.ops.logs import JsonLogFormatter, MaskPersonalData, Throttle

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Ops", "ops@pina.example.org")]
    for logger_name in ("", "django"):
        for handler in logging.getLogger(logger_name).handlers:
            for item in handler.filters:
                if isinstance(item, Throttle):
                    item._last.clear()
    return settings.ADMINS


def make_record(message, *args, exc_info=None, **extra):
    record = logging.getLogger("volunteers.signup").makeRecord(
        "volunteers.signup", logging.ERROR, __file__, 1, message, args, exc_info, extra=extra
    )
    return record


def test_json_lines_with_the_request_reduced_to_method_and_path(rf):
    request = rf.post("/en/volunteer/?email=jane@example.org", {"phone": "+998901234567"})
    record = make_record("Saved application %s", 42, request=request, status_code=200)
    line = JsonLogFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "ERROR"
    assert data["logger"] == "volunteers.signup"
    assert data["message"] == "Saved application 42"
    assert data["request"] == {"method": "POST", "path": "/en/volunteer/"}
    assert "timestamp" in data
    assert "jane@example.org" not in line and "+998901234567" not in line


def test_personal_data_in_messages_and_tracebacks_is_masked():
    try:
        raise ValueError("duplicate key (email)=(jane.doe+ngo@example.org)")
    except ValueError:
        record = make_record(
            "Could not notify %s at %s",
            "jane@example.org",
            "+998 90 123-45-67",
            exc_info=sys.exc_info(),
        )
    MaskPersonalData().filter(record)
    line = JsonLogFormatter().format(record)
    assert "example.org" not in line
    assert "123-45-67" not in line
    assert "[e-mail]" in line and "[phone]" in line
    assert "ValueError" in line  # still useful


def test_dates_and_ids_are_not_mistaken_for_phone_numbers():
    record = make_record("Application 20261123 at 2026-11-23 10:00:00 from 10.0.0.1")
    MaskPersonalData().filter(record)
    assert record.getMessage() == "Application 20261123 at 2026-11-23 10:00:00 from 10.0.0.1"


def exploding_view(self, request, *args, **kwargs):
    volunteer_phone = "+998 90 123 45 67"  # a local variable holding personal data
    raise ValueError(f"could not notify jane@example.org about {volunteer_phone}")


def test_production_errors_reach_the_admins_without_private_data(admins, settings):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "session-cookie-value-123"
    with mock.patch("pina.site.home.HomeView.dispatch", exploding_view):
        response = client.post(
            "/en/?q=private-search",
            {"email": "jane@example.org", "password": "hunter2-hunter2"},
        )
    assert response.status_code == 500
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ops@pina.example.org"]
    text = message.subject + message.body
    assert "ValueError" in text and "/en/" in text
    for secret in (
        "jane@example.org",
        "123 45 67",
        "hunter2",
        "session-cookie-value-123",
        "private-search",
        settings.SECRET_KEY,
    ):
        assert secret not in text, secret
    assert "exploding_view" in text  # the traceback is there


def test_errors_of_the_same_kind_are_mailed_once_per_period(admins):
    client = Client(raise_request_exception=False)
    with mock.patch("pina.site.home.HomeView.dispatch", exploding_view):
        for _ in range(5):
            assert client.get("/en/").status_code == 500
    assert len(mail.outbox) == 1
    with mock.patch("pina.site.home.HomeView.dispatch", side_effect=KeyError("other bug")):
        client.get("/en/")
    assert len(mail.outbox) == 2


def test_errors_logged_by_the_apps_reach_the_admins(admins):
    logging.getLogger("volunteers.notifications").error("Could not send to %s", "a@b.org")
    assert len(mail.outbox) == 1
    assert "a@b.org" not in mail.outbox[0].subject + mail.outbox[0].body


def test_debug_mode_mails_nothing(admins, settings):
    settings.DEBUG = True
    logging.getLogger("volunteers.notifications").error("in development")
    assert mail.outbox == []


def _reset_throttles(name):
    from pina.ops.logs import Throttle

    for item in logging.getLogger(name).filters:
        if isinstance(item, Throttle):
            item._last.clear()


@pytest.mark.django_db
def test_a_forged_host_is_one_warning_without_traceback_throttled(caplog):
    from django.test import Client

    _reset_throttles("django.security.DisallowedHost")
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO, logger="django.security.DisallowedHost"):
        for host in ("evil.example", "other.example", "evil.example"):
            assert client.get("/en/", HTTP_HOST=host).status_code == 400
    records = [r for r in caplog.records if r.name.startswith("django.security")]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].levelno == logging.WARNING and records[0].exc_info is None


@pytest.mark.django_db
def test_a_request_refused_in_an_outage_is_one_warning(caplog):
    from unittest import mock

    from django.core.cache import cache
    from django.db import OperationalError, connections
    from django.test import Client

    _reset_throttles("pina.ops.faults")
    cache.clear()
    client = Client(raise_request_exception=False)
    with (
        mock.patch.object(
            type(connections["default"]), "ensure_connection", side_effect=OperationalError("x")
        ),
        caplog.at_level(logging.INFO),
    ):
        for _request in range(3):
            assert client.get("/en/search/?q=a").status_code == 503
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(logged) == 1, [(r.name, r.getMessage()) for r in logged]
    assert logged[0].levelno == logging.WARNING and logged[0].exc_info is None
