"""What visitors and staff see when something the site depends on fails: the branded 503 page
when the database is unreachable, the form again when media storage fails while staff save (a
Redis that is down is ignored by the cache itself: settings.CACHES; docs/security.md, "Faults",
lists every case).
"""

import logging
from functools import wraps

from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

try:  # S3 media (django-storages) fails with botocore's errors, not OSError.
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover - botocore comes with django-storages[s3]
    STORAGE_ERRORS: tuple[type[Exception], ...] = (OSError,)
else:
    STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


def is_database_unavailable(exception) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def log_refusal(request, exception) -> None:
    """One WARNING line, no traceback, for a request the outage refused: expected while it
    lasts, and throttled (LOGGING: "pina.ops.faults"), so an outage is not a flood of lines."""
    logger.warning(
        "Database unavailable, answered 503: %s",
        type(exception).__name__,
        extra={"request": request, "status_code": 503},
    )


def mark_logged(response):
    """Keep django.request from logging the 503 a second time, as an ERROR."""
    response._has_been_logged = True
    return response


def service_unavailable(request) -> HttpResponse:
    """The 503 page, rendered without context processors: they would query the database."""
    body = loader.get_template("503.html").render({"LANGUAGE_CODE": get_language() or "en"})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return mark_logged(response)


class DatabaseUnavailableMiddleware:
    """Turns a database connection failure in a view (or in rendering its template) into the
    503 page. Failures inside other middleware reach pina.site.views.server_error, which does the
    same.

    Whatever made the database unreachable (PostgreSQL stopped, network down, SQLite file gone),
    the visitor gets the branded page at once, with Retry-After, never a traceback or a hang
    (connect_timeout is low in the settings); persistent connections are health-checked, so the
    same processes recover by themselves when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        log_refusal(request, exception)
        return service_unavailable(request)


def storage_fault_tolerant(view):
    """Wraps an admin view: when saving fails because a file cannot be written (disk full,
    permissions, object storage unreachable: STORAGE_ERRORS), the admin's transaction has
    already been rolled back; the editor gets the form again with a message instead of an
    error page, and nothing is half-saved."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except STORAGE_ERRORS:
            if request.method != "POST":
                raise
            logger.exception(
                "Storage failure while saving in the admin; nothing was saved",
                extra={"request": request},
            )
            messages.error(
                request,
                _(
                    "The file could not be stored, so nothing was saved. "
                    "Please try again in a few minutes."
                ),
            )
            return HttpResponseRedirect(request.get_full_path())

    return wrapped
