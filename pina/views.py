"""Site-wide views: home page, robots.txt, health check, error pages and the editor's image
upload."""

import functools
import logging
import posixpath
import sys

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from events.home import home_context as conferences_home_context
from news.models import Post

from .access import may_upload_editor_images
from .faults import (
    RETRY_AFTER_SECONDS,
    STORAGE_ERRORS,
    is_database_unavailable,
    service_unavailable,
)
from .fragments import remember
from .uploads import strip_metadata

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    """Latest news, upcoming and recent conferences, and the call to volunteer."""

    template_name = "home.html"
    latest_news_count = 3

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The sections are the same for every visitor: rendered HTML cached per language
        # ({% content_cache %}, fresh after any edit), so these are read, once, only when the
        # fragment is missing, and then from a cached value shared by the languages
        # (translated fields are read when rendering).
        sections = functools.cache(lambda: remember("home:sections", self.sections))
        for name in (
            "latest_posts",
            "upcoming_conferences",
            "recent_conferences",
            "featured_quote",
        ):
            context[name] = functools.partial(lambda name: sections()[name], name)
        return context

    def sections(self):
        latest_posts = list(Post.objects.published().featured_first(self.latest_news_count))
        return {"latest_posts": latest_posts, **conferences_home_context()}


@never_cache
@require_GET
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
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    # Rendered without the request's context processors: the database may be what failed.
    body = loader.get_template("500.html").render({"LANGUAGE_CODE": get_language()})
    return HttpResponseServerError(body)


@require_POST
def editor_image_upload(request):
    """CKEditor 5 image upload: staff only, images only (decoded by Pillow), metadata removed."""
    # The admin's own rule (active staff, with the second factor where the account needs one),
    # and only for those who may write rich text somewhere: an account without such permissions
    # has no reason to put files on the public media storage.
    if not may_upload_editor_images(request):
        return JsonResponse(
            {"error": {"message": _("You do not have permission to upload files.")}}, status=403
        )
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("Choose an image to upload.")}}, status=400)
    try:
        clean = strip_metadata(upload)
    except ValidationError as error:
        return JsonResponse({"error": {"message": " ".join(error.messages)}}, status=400)
    folder = timezone.now().strftime("editor/%Y/%m")
    try:
        name = default_storage.save(posixpath.join(folder, clean.name), clean)
    except STORAGE_ERRORS:
        logger.exception("Could not store an editor image upload")
        return JsonResponse(
            {"error": {"message": _("The image could not be stored. Please try again later.")}},
            status=503,
        )
    return JsonResponse({"url": default_storage.url(name)})
