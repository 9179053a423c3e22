"""Cached values of what rarely changes (category lists, list counts, filter choices), kept
valid by the page cache's content version (pina.page_cache).

`remember(name, compute)` returns what `compute()` returned the last time under the current
content version: saving, deleting or re-linking any content bumps the version, so an edit is
seen on the next request, exactly as with the page cache. The timeout bounds what no signal can
see (a scheduled post whose time comes, `queryset.update()`): FRAGMENT_SECONDS by default.

One cache round trip per value (the version and the value are read together, as the page cache
does). The value is stored with the version read *before* computing it, so a value computed
from data that was changing is never served after the bump. A cache that fails only costs the
computation: errors are logged, never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from .page_cache import VERSION_KEY, _cache, current_version, log_cache_error

T = TypeVar("T")

KEY_PREFIX = "pina:fragment"


def remember(name: str, compute: Callable[[], T], timeout: int | None = None) -> T:
    """`compute()`'s value for `name`, cached under the current content version."""
    if not settings.FRAGMENT_CACHE_ENABLED:
        return compute()
    cache = _cache()
    key = f"{KEY_PREFIX}:{name}"
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
        log_cache_error("read a cached fragment", error)
        version = None
    value = compute()
    if version is not None:
        try:
            cache.set(key, (version, value), timeout or settings.FRAGMENT_CACHE_SECONDS)
        except Exception as error:  # noqa: BLE001
            log_cache_error("store a cached fragment", error)
    return value
