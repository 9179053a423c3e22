"""Site-wide views: robots.txt, the health check and the error pages."""

import logging
import sys

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from pina.caching.parameters import reads_query
from pina.ops.faults import (
    RETRY_AFTER_SECONDS,
    is_database_unavailable,
    log_refusal,
    service_unavailable,
)

logger = logging.getLogger(__name__)


@never_cache
@require_GET
@reads_query()
def healthz(request):
    """Liveness for the load balancer: database and cache, no personal data, never cached.

    503 when the database is unreachable (this server cannot serve pages). A cache outage is
    reported but keeps 200: pages are still served from the database without it.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unavailable"
    try:
        token = get_random_string(8)
        cache.set("pina:healthz", token, 10)
        checks["cache"] = "ok" if cache.get("pina:healthz") == token else "unavailable"
    except Exception:  # any backend error means the same thing here
        checks["cache"] = "unavailable"
    healthy = checks["database"] == "ok"
    status = "ok" if healthy and checks["cache"] == "ok" else ("degraded" if healthy else "down")
    response = JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)
    if not healthy:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@require_GET
@cache_control(max_age=86400, public=True)
@reads_query()
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /editor/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def bad_request(request, exception=None):
    # Oversized bodies and too many fields (RequestDataTooBig, TooManyFieldsSent) end here.
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """The branded page for a form sent without a valid CSRF token (expired or foreign form)."""
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # A database failure raised outside a view (e.g. saving the session) is an outage, not a bug.
    error = sys.exc_info()[1]
    if is_database_unavailable(error):
        log_refusal(request, error)
        return service_unavailable(request)
    # Rendered without the request's context processors: the database may be what failed.
    body = loader.get_template("500.html").render({"LANGUAGE_CODE": get_language()})
    return HttpResponseServerError(body)
