"""Logging that is useful to operators and safe for the people whose data the site holds: JSON
lines, personal data masked, repeated records throttled, and error reports that carry no
visitor's input (docs/security.md, "Personal data in logs and error reports").
"""

import logging
import re
import socket
import threading
import time

from django.http import HttpRequest
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter
from pythonjsonlogger.json import JsonFormatter

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# International numbers as PhoneNumberField stores them (+998 90 123 45 67, +99890...).
PHONE = re.compile(r"\+\d[\d ().-]{6,}\d")
CLEANSED = "********"


def mask_personal_data(text: str) -> str:
    return PHONE.sub("[phone]", EMAIL.sub("[e-mail]", text))


class MaskPersonalData(logging.Filter):
    """Replace e-mail addresses and phone numbers in the message and the exception text, so a
    careless log call cannot leak a volunteer's contact."""

    def filter(self, record):
        if getattr(record, "_pina_masked", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = str(record.msg)
        record._pina_template = record.msg
        record.msg = mask_personal_data(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        record._pina_masked = True
        return True


class Throttle(logging.Filter):
    """At most one record per logger and message template every `seconds` (per process): an
    outage must not send an e-mail to the admins for every failed request, or flood the console.

    The next record that passes carries `suppressed`: how many were held back meanwhile.
    """

    def __init__(self, seconds=300):
        super().__init__()
        self.seconds = seconds
        self._lock = threading.Lock()
        self._last = {}

    def filter(self, record):
        template = getattr(record, "_pina_template", record.msg)
        error = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        key = (record.name, str(template), error)
        now = time.monotonic()
        with self._lock:
            last, suppressed = self._last.get(key, (None, 0))
            if last is not None and now - last < self.seconds:
                self._last[key] = (last, suppressed + 1)
                return False
            self._last[key] = (now, 0)
        if suppressed:
            record.suppressed = suppressed
        return True


class ExpectedRefusal(logging.Filter):
    """For a logger whose records are refusals working as meant (a forged Host header answered
    400): a WARNING without the traceback, one line each, throttled as one kind (`template`)
    whatever the message says (the Throttle filter must come after this one)."""

    def __init__(self, template=None):
        super().__init__()
        self.template = template

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        if self.template:
            record._pina_template = self.template
        return True


def describe_request(request) -> dict:
    return {"method": request.method, "path": request.path}


class JsonLogFormatter(JsonFormatter):
    """`{"timestamp", "level", "logger", "message", ...extras}` on one line; a request is
    reduced to its method and path, never its query string, body or headers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        super().__init__(*args, **kwargs)

    def formatException(self, ei):  # noqa: N802 (logging's name)
        return mask_personal_data(super().formatException(ei))

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        log_data.pop("_pina_masked", None)
        log_data.pop("_pina_template", None)
        request = log_data.get("request")
        if isinstance(request, HttpRequest):
            log_data["request"] = describe_request(request)
        elif isinstance(request, socket.socket) or request is not None:
            # runserver passes its socket; nothing in it is worth a log line.
            log_data.pop("request")


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports without what visitors typed, their cookies, or the server's secrets: the
    reports mailed to DJANGO_ADMINS carry the traceback, the path and the method, but no POST
    data, cookies, local variables, settings values or environment."""

    # Setting names that may hold credentials, in addition to Django's list (URLs with passwords:
    # DATABASE_URL, REDIS_URL, EMAIL_URL; cache LOCATIONs).
    hidden_settings = re.compile(
        r"API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|LOCATION|DSN|DATABASE|EMAIL_HOST",
        flags=re.IGNORECASE,
    )

    def is_active(self, request):
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, CLEANSED)

    def get_traceback_frame_variables(self, request, tb_frame):
        # Local variables hold form data and records of volunteers: leave them out entirely.
        return [("(local variables)", CLEANSED)]

    def get_safe_request_meta(self, request):
        # Only the headers that help to understand a failure; under runserver META also holds
        # the whole process environment.
        if request is None:
            return {}
        keep = (
            "REQUEST_METHOD",
            "PATH_INFO",
            "SERVER_NAME",
            "SERVER_PORT",
            "CONTENT_TYPE",
            "CONTENT_LENGTH",
            "HTTP_ACCEPT_LANGUAGE",
            "HTTP_HOST",
        )
        return {key: request.META[key] for key in keep if key in request.META}

    def get_safe_settings(self):
        return {"SETTINGS": CLEANSED}


class PrivateExceptionReporter(ExceptionReporter):
    """The plain-text report mailed to the admins, with cookies, GET values and personal data
    in exception messages masked. (Debug pages keep Django's own reporter.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filter = PrivateExceptionReporterFilter()

    def get_traceback_data(self):
        data = super().get_traceback_data()
        request = self.request
        if request is not None:
            data["request_GET_items"] = [(key, CLEANSED) for key in request.GET]
            data["request_COOKIES_items"] = [(key, CLEANSED) for key in request.COOKIES]
            data["request_FILES_items"] = [(key, CLEANSED) for key in request.FILES]
            data["request_insecure_uri"] = request.path
        if "exception_value" in data:
            data["exception_value"] = mask_personal_data(str(data["exception_value"]))
        return data

    def get_traceback_text(self):
        return mask_personal_data(super().get_traceback_text())
