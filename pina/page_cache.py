"""Whole-page cache for anonymous visitors, invalidated by a site-wide content version.

`PageCacheMiddleware` stores the final bytes of public GET pages (compressed, with every header)
in Django's cache (Redis when `REDIS_URL` is set) and serves them to visitors who carry no
session cookie, without running the view, the template engine or any SQL.

Invalidation: a content version number lives in the same shared cache, so every process and
worker sees it. Saving, deleting or re-linking any model of the content apps
(`PAGE_CACHE_CONTENT_APPS`) bumps it; so does `manage.py invalidate_page_cache`. Each stored page
records the version that was current when its request *started*; a page whose version is not
the current one is never served. Because the version is read before rendering, a page rendered
from data that was about to change is stored under the old version and thrown away, never served
after the bump. Versions start from a random number, so a version key that vanished (Redis
restarted, key evicted) can never make an old page current again. `PAGE_CACHE_SECONDS` bounds
what no signal can see (scheduled publication dates, `queryset.update()`).

Never cached: anything but GET/HEAD, requests with a session or messages cookie (logged-in
staff, a pending flash message), `PAGE_CACHE_EXCLUDED_PATHS` (admin, editor upload), non-200
responses, responses that set a cookie (a page with `{% csrf_token %}` sets the CSRF cookie, so
forms are never cached and their token keeps working), responses marked `Cache-Control: private`
/ `no-cache` / `no-store` (Django's `never_cache`), views decorated with `page_cache_exempt`,
and responses that vary on a request header the key does not cover.

A cache that fails (Redis stopped) only costs speed: errors are logged, never shown, and the
page is rendered from the database.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from functools import lru_cache, wraps

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

VERSION_KEY = "pina:page-cache:version"
KEY_PREFIX = "pina:page"

# Request headers a cached page may vary on: the key covers the language and the
# negotiated encoding, and only visitors without a session (or flash-message) cookie are served.
COVERED_VARY_HEADERS = frozenset({"accept-encoding", "accept-language", "cookie"})
UNCACHEABLE_CACHE_CONTROL = frozenset({"private", "no-cache", "no-store"})


def page_cache_exempt(view):
    """Keep a view's responses out of the page cache (browser caching is left as it is).

    For a form page use Django's `never_cache` instead, which also tells browsers and proxies.
    Class-based views: `@method_decorator(page_cache_exempt, name="dispatch")`.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        response.page_cache_exempt = True
        return response

    return wrapper


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


class _ThrottledErrorLog:
    """Log a failing cache once, then at most once a minute per process, not once per request."""

    interval = 60.0

    def __init__(self):
        self.last = 0.0
        self.suppressed = 0

    def __call__(self, what: str, error: Exception) -> None:
        now = time.monotonic()
        if now - self.last >= self.interval:
            extra = f" ({self.suppressed} similar errors since)" if self.suppressed else ""
            logger.error(
                "Page cache: could not %s; serving from the database: %r%s", what, error, extra
            )
            self.last = now
            self.suppressed = 0
        else:
            self.suppressed += 1


log_cache_error = _ThrottledErrorLog()


# --- The content version --------------------------------------------------------------------------


def _new_version() -> int:
    # Random 48-bit start: a version key lost with Redis never matches pages stored before.
    return secrets.randbits(48) + 1


def current_version(cache=None) -> int:
    """The content version, creating it if missing. Raises what the cache raises."""
    cache = cache or _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_version(*, raise_errors: bool = False) -> None:
    """Make every cached page stale, in every process.

    Cache errors are logged, not raised (a save in the admin must not fail because Redis is
    down; pages stored before then expire after PAGE_CACHE_SECONDS), unless `raise_errors`.
    """
    cache = _cache()
    from .fragments import forget_version  # fragments imports this module

    forget_version()
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or it was evicted): start a fresh one
            cache.set(VERSION_KEY, _new_version(), timeout=None)
    except Exception as error:
        if raise_errors:
            raise
        log_cache_error("bump the content version", error)


def _is_ignored(model) -> bool:
    ignored = {label.lower() for label in settings.PAGE_CACHE_IGNORED_MODELS}
    return model._meta.label_lower in ignored


def _is_content_model(model) -> bool:
    return model._meta.app_label in settings.PAGE_CACHE_CONTENT_APPS and not _is_ignored(model)


def content_changed(sender, **kwargs) -> None:
    """Signal receiver: a content model was saved, deleted or re-linked (many-to-many)."""
    # Fixtures (loaddata, raw=True) change what pages show too: they bump like any save.
    action = kwargs.get("action")
    if action is None:  # post_save, post_delete
        touched = [sender]
    elif action.startswith("post_"):  # m2m_changed: sender is the through model
        sides = [type(kwargs["instance"]), kwargs.get("model")]
        if any(side is not None and _is_ignored(side) for side in sides):
            return  # links of a private record (an application's languages)
        touched = [sender, *sides]
    else:
        return
    if not any(model is not None and _is_content_model(model) for model in touched):
        return
    bump_version()
    # A request rendering between now and the commit would read the old data and store it under
    # the new version: bump again once the change is visible to other connections.
    using = kwargs.get("using") or router.db_for_write(sender)
    if connections[using].in_atomic_block:
        transaction.on_commit(bump_version, using=using)


def connect_signals() -> None:
    """Called from PinaConfig.ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"pina.page_cache.{signal!r}")


def content_models() -> list[str]:
    """Labels of the models whose changes invalidate the page cache (for docs and tests)."""
    return sorted(m._meta.label for m in django_apps.get_models() if _is_content_model(m))


# --- The middleware -------------------------------------------------------------------------------


def _encoding_class(request) -> str:
    """Which of the encodings we produce the client accepts, as part of the key.

    Any response stored under a class uses an encoding every client of that class accepts.
    """
    header = request.META.get("HTTP_ACCEPT_ENCODING", "")
    if len(header) > 2048:
        return "identity"
    return _accepted_encodings(header)


@lru_cache(maxsize=256)  # browsers send a handful of distinct headers
def _accepted_encodings(header: str) -> str:
    accepted = []
    for part in header.lower().split(","):
        name, _sep, params = part.strip().partition(";")
        name = name.strip()
        if name in ("zstd", "br", "gzip"):
            params = params.replace(" ", "")
            if params.startswith("q=") and params[2:] in ("0", "0.0", "0.00", "0.000"):
                continue
            accepted.append(name)
    return "+".join(sorted(set(accepted))) or "identity"


def page_key(request) -> str:
    """Cache key of a request's page: full URL (scheme, host, path, query), language, encoding."""
    # get_host() validates the Host header against ALLOWED_HOSTS (DisallowedHost: a 400).
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    language = get_language_from_request(request, check_path=True)
    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()[:40]
    return f"{KEY_PREFIX}:{language}:{_encoding_class(request)}:{digest}"


def _request_is_cacheable(request) -> bool:
    # Read from META rather than request.headers / request.COOKIES: this runs on every request.
    if request.method not in ("GET", "HEAD"):
        return False
    meta = request.META
    if "HTTP_AUTHORIZATION" in meta:
        return False
    path = request.path_info
    if any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDED_PATHS):
        return False
    if not meta.get("HTTP_COOKIE"):
        return True
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    return not any(name in cookies for name in settings.PAGE_CACHE_BYPASS_COOKIES)


def response_is_cacheable(response) -> bool:
    """Whether a response to an eligible anonymous GET may be stored and replayed to others."""
    if response.status_code != 200 or response.streaming:
        return False
    if getattr(response, "page_cache_exempt", False) or response.cookies:
        return False
    cache_control = {
        directive.split("=", 1)[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
        if directive.strip()
    }
    if cache_control & UNCACHEABLE_CACHE_CONTROL:
        return False
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", "")) if h.strip()}
    return vary <= COVERED_VARY_HEADERS


class PageCacheMiddleware:
    """See the module docstring. Place it right after WhiteNoise, above compression."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.PAGE_CACHE_ENABLED and _request_is_cacheable(request)):
            return self.get_response(request)
        key = page_key(request)
        cache = _cache()
        version = None
        try:
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY)
            if version is None:
                version = current_version(cache)
            entry = found.get(key)
            if entry is not None and entry[0] == version:
                return entry[1]
        except Exception as error:  # noqa: BLE001 - a broken cache must never break a page
            log_cache_error("read a page", error)
            version = None

        response = self.get_response(request)

        if version is not None and request.method == "GET" and response_is_cacheable(response):
            # Stored pickled, as Django's own cache middleware stores responses: replaying one
            # costs an unpickle, not a response rebuilt header by header.
            response["X-Page-Cache"] = "hit"
            try:
                cache.set(key, (version, response), settings.PAGE_CACHE_SECONDS)
            except Exception as error:  # noqa: BLE001
                log_cache_error("store a page", error)
            response["X-Page-Cache"] = "miss"
        return response
