"""The content version: one number in the shared cache that every cached page and fragment is
stored under. Saving, deleting or re-linking content bumps it (`pina.caching.invalidation`), so
whatever was stored before is never served again, in any process. A leaf module: the page cache
and the fragments both read it, and it imports neither."""

from __future__ import annotations

import logging
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished, request_started

logger = logging.getLogger("pina.caching")

VERSION_KEY = "pina:page-cache:version"


def shared_cache():
    """The cache alias pages, fragments and the version live in (PAGE_CACHE_ALIAS)."""
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


class _RequestState(threading.local):
    """The version as read once by the current request (None outside a request or unread)."""

    in_request = False
    version = None


_request = _RequestState()


def _request_started(**kwargs) -> None:
    _request.in_request, _request.version = True, None


def _request_finished(**kwargs) -> None:
    _request.in_request, _request.version = False, None


request_started.connect(_request_started, dispatch_uid="pina.caching.version.started")
request_finished.connect(_request_finished, dispatch_uid="pina.caching.version.finished")


def version_of_this_request():
    """The version this request has read already, or None (read it from the cache then)."""
    return _request.version if _request.in_request else None


def keep_for_this_request(version: int) -> None:
    """Remember the version just read, so the rest of the request costs no round trip for it."""
    if _request.in_request:
        _request.version = version


def _new_version() -> int:
    # Random 48-bit start: a version key lost with Redis never matches pages stored before.
    return secrets.randbits(48) + 1


def current_version(cache=None) -> int:
    """The content version, creating it if missing. Raises what the cache raises."""
    cache = cache or shared_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_version(*, raise_errors: bool = False) -> None:
    """Make every cached page and fragment stale, in every process.

    Cache errors are logged, not raised (a save in the admin must not fail because Redis is
    down; pages stored before then expire after PAGE_CACHE_SECONDS), unless `raise_errors`.
    """
    _request.version = None  # this request reads the new one on its next use
    cache = shared_cache()
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or it was evicted): start a fresh one
            cache.set(VERSION_KEY, _new_version(), timeout=None)
    except Exception as error:
        if raise_errors:
            raise
        log_cache_error("bump the content version", error)
