"""Cached values of what rarely changes (category lists, list counts, filter choices, rendered
fragments), valid under the content version (`pina.caching.version`) so that an edit anywhere is
seen on the next request; each process keeps the values it used last in memory, so a page made
of several fragments costs one round trip to the shared cache; `lazy_sections()` hands a view's
parts to its template as callables, read only when the cached fragment is missing."""

from __future__ import annotations

import functools
import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from pina.caching.version import (
    VERSION_KEY,
    current_version,
    keep_for_this_request,
    log_cache_error,
    shared_cache,
    version_of_this_request,
)

T = TypeVar("T")

KEY_PREFIX = "pina:fragment"
# Names carry visitors' input (an article's slug from its address); past this length the name
# is hashed, so a made-up address cannot make a key memcached would refuse (250 bytes).
LONGEST_NAME = 160
# Values kept in each process's memory (rendered fragments of a few KiB each).
LOCAL_ENTRIES = 2000


_local_lock = threading.Lock()
_local: OrderedDict[str, tuple[int, float, bool, object]] = OrderedDict()


def _local_get(key: str, version: int):
    with _local_lock:
        entry = _local.get(key)
        # Kept no longer than in the shared cache: the timeout bounds what no signal sees.
        if entry is None or entry[0] != version or entry[1] < time.time():
            return None, False
        _local.move_to_end(key)
    _version, _expires, pickled, value = entry
    # Objects are kept pickled: every request gets its own copy, as from the shared cache.
    return (pickle.loads(value) if pickled else value), True  # noqa: S301 - our own bytes


def _local_set(key: str, version: int, value, expires: float) -> None:
    # Strings (rendered HTML) are immutable and kept as they are.
    if isinstance(value, str):
        entry = (version, expires, False, value)
    else:
        entry = (version, expires, True, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def _key(name: str) -> str:
    if len(name) > LONGEST_NAME:
        name = "sha256:" + hashlib.sha256(name.encode()).hexdigest()
    return f"{KEY_PREFIX}:{name}"


def remember(name: str, compute: Callable[[], T], timeout: int | None = None) -> T:
    """`compute()`'s value for `name`, cached under the current content version."""
    return remember_many([name], lambda _missing: {name: compute()}, timeout)[name]


def remember_many(
    names: list[str], compute: Callable[[list[str]], dict[str, T]], timeout: int | None = None
) -> dict[str, T]:
    """{name: value} for every name, cached under the current content version; `compute` is
    called once with the names that were not, and returns their values (a name it leaves out
    is left out of the result). One shared-cache round trip for all the names (the version's,
    when this process holds them), none when it holds them all for the version already read in
    this request.

    Why it is safe: a value is stored with the version read *before* computing it and is only
    served under that version, so a value computed from data that was changing is never served
    after the bump; the timeout (FRAGMENT_CACHE_SECONDS) bounds what no signal sees (a scheduled
    post whose time comes, `queryset.update()`). A cache that fails only costs the computation:
    errors are logged, never shown."""
    if not settings.FRAGMENT_CACHE_ENABLED:
        return compute(list(names))
    cache = shared_cache()
    keys = {name: _key(name) for name in names}
    timeout = timeout or settings.FRAGMENT_CACHE_SECONDS
    version = version_of_this_request()
    found, missing = {}, list(names)
    try:
        entries, fetched = {}, set()
        if version is None:
            # What this process holds (under some version) is not fetched with the version: it
            # is what it used last, and usually still current.
            with _local_lock:
                wanted = [keys[name] for name in names if keys[name] not in _local]
            entries = cache.get_many([VERSION_KEY, *wanted])
            fetched.update(wanted)
            version = entries.get(VERSION_KEY)
            if version is None:
                version = current_version(cache)
            keep_for_this_request(version)
        for name in names:
            if keys[name] not in fetched:
                value, hit = _local_get(keys[name], version)
                if hit:
                    found[name] = value
        unread = [keys[name] for name in names if name not in found and keys[name] not in fetched]
        if unread:
            entries.update(cache.get_many(unread))
        for name in names:
            entry = None if name in found else entries.get(keys[name])
            if entry is not None and len(entry) == 3 and entry[0] == version:
                # In memory until the shared copy expires, never longer.
                _local_set(keys[name], version, entry[1], entry[2])
                found[name] = entry[1]
        missing = [name for name in names if name not in found]
    except Exception as error:  # noqa: BLE001 - a broken cache must never break a page
        log_cache_error("read a cached fragment", error)
        version, found, missing = None, {}, list(names)
    if not missing:
        return found
    computed = compute(missing)
    found.update(computed)
    if version is not None and computed:
        expires = time.time() + timeout
        try:
            cache.set_many(
                {keys[name]: (version, value, expires) for name, value in computed.items()},
                timeout,
            )
        except Exception as error:  # noqa: BLE001
            log_cache_error("store a cached fragment", error)
        else:
            for name, value in computed.items():
                _local_set(keys[name], version, value, expires)
    return found


def lazy_sections(
    names, compute: Callable[[], dict[str, T]], remembered_as: str | None = None
) -> dict[str, Callable[[], T]]:
    """{name: callable returning compute()[name]} for every name, for a template context.
    `compute()` (all the parts in one dict) runs on the first call of any of them and only then,
    once: a page whose {% content_cache %} fragments are all cached reads nothing. With
    `remembered_as`, its value is itself a cached value under that name (see `remember`)."""

    @functools.cache
    def sections() -> dict[str, T]:
        return remember(remembered_as, compute) if remembered_as else compute()

    def section(name: str) -> Callable[[], T]:
        return lambda: sections()[name]

    return {name: section(name) for name in names}
