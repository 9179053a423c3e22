"""Whole-page cache for anonymous visitors, invalidated by a site-wide content version:
`PageCacheMiddleware` replays the final bytes of public GET pages from the shared cache to
visitors who carry no session, without running the view, the template engine or any SQL.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache, wraps

from django.conf import settings
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language_from_request

from pina.caching.parameters import normalised_query
from pina.caching.version import VERSION_KEY, current_version, log_cache_error, shared_cache

KEY_PREFIX = "pina:page"

# Request headers a cached page may vary on: the key covers the language and the
# negotiated encoding, and only visitors without a session (or flash-message) cookie are served.
COVERED_VARY_HEADERS = frozenset({"accept-encoding", "accept-language", "cookie"})
UNCACHEABLE_CACHE_CONTROL = frozenset({"private", "no-cache", "no-store"})


def page_cache_exempt(view):
    """Keep a view's responses out of the page cache and front proxies (`Cache-Control: private`;
    browser caching is left as it is).

    For a form page use Django's `never_cache` instead, which also tells browsers and proxies.
    Class-based views: `@method_decorator(page_cache_exempt, name="dispatch")`.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        response.page_cache_exempt = True
        return response

    return wrapper


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


def page_key(request, query: str | None = None) -> str:
    """Cache key of a request's page: its normalised URL (scheme, host, path and the query
    parameters the view reads: pina.caching.parameters), language, encoding."""
    if query is None:
        query, _as_sent = normalised_query(request.path_info, request.META.get("QUERY_STRING", ""))
    # get_host() validates the Host header against ALLOWED_HOSTS (DisallowedHost: a 400).
    url = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"
    if query:
        url += f"?{query}"
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


def set_front_cache_headers(request, response, eligible: bool, canonical: bool = True):
    """Tell a front proxy (nginx's micro-cache, deploy/nginx/pina.conf) and browsers what they
    may keep.

    What this cache would store (an eligible anonymous GET, `response_is_cacheable`) and has no
    Cache-Control of its own: `public, max-age=PAGE_FRONT_CACHE_SECONDS` (1 s by default), with
    `Vary: Cookie` so that a visitor with a session is never given it. An address that is not
    its normalised self (`canonical` false: a query parameter the view does not read, such as
    `?utm_source=` or a made-up one) also gets `s-maxage=0`: browsers may keep it, shared caches
    not, so a flood of made-up query strings stores nothing in the front cache, as it stores
    nothing here. What is personal (requests
    with a session or flash-message cookie or credentials, excluded paths such as the admin,
    anything but GET/HEAD, responses that set a cookie): `private, no-store`, merged into what the
    view set (`never_cache` pages keep their directives); `page_cache_exempt` views: `private`.
    Anything else (errors, redirects, streamed files) is left as the view made it.
    """
    if eligible and response_is_cacheable(response):
        seconds = settings.PAGE_FRONT_CACHE_SECONDS
        if seconds > 0 and not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=seconds)
            if not canonical:
                patch_cache_control(response, s_maxage=0)
        patch_vary_headers(response, ["Cookie"])
        return
    if response.cookies or request.method not in ("GET", "HEAD") or not eligible:
        patch_cache_control(response, private=True, no_store=True)
    elif getattr(response, "page_cache_exempt", False):
        patch_cache_control(response, private=True)  # browsers may keep it, proxies not


class PageCacheMiddleware:
    """Store the final bytes of public GET pages (compressed, with every header) in Django's
    cache (Redis when `REDIS_URL` is set) and serve them to visitors who carry no session
    cookie. Place it right after WhiteNoise, above compression.

    Invalidation: a content version number lives in the same shared cache, so every process and
    worker sees it. Saving, deleting or re-linking any model of the content apps
    (`PAGE_CACHE_CONTENT_APPS`) bumps it; so does `manage.py invalidate_page_cache`. Each stored
    page records the version that was current when its request *started*, and a page whose
    version is not the current one is never served: a page rendered from data that was about to
    change is stored under the old version and thrown away, never served after the bump.
    Versions start from a random number, so a version key that vanished (Redis restarted, key
    evicted) can never make an old page current again. `PAGE_CACHE_SECONDS` bounds what no
    signal can see (scheduled publication dates, `queryset.update()`).

    Never cached: anything but GET/HEAD, requests with a session or messages cookie (logged-in
    staff, a pending flash message), `PAGE_CACHE_EXCLUDED_PATHS` (admin, editor upload), non-200
    responses, addresses with a query parameter the view does not declare (`query_parameters`,
    pina/caching/parameters.py; they are served the page of the address without it), responses
    that set a cookie (a page with `{% csrf_token %}` sets the CSRF cookie, so forms are never
    cached and their token keeps working), responses marked
    `Cache-Control: private` / `no-cache` / `no-store` (Django's `never_cache`), views decorated
    with `page_cache_exempt`, and responses that vary on a request header the key does not
    cover.

    Every response also says what a front proxy may keep (`set_front_cache_headers`): pages this
    cache would store are `public` for `PAGE_FRONT_CACHE_SECONDS`, personal ones `private,
    no-store`.

    A cache that fails (Redis stopped) only costs speed: errors are logged, never shown, and the
    page is rendered from the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        eligible = _request_is_cacheable(request)
        if not (settings.PAGE_CACHE_ENABLED and eligible):
            response = self.get_response(request)
            canonical = True
            if eligible and request.META.get("QUERY_STRING"):
                _query, canonical = normalised_query(
                    request.path_info, request.META["QUERY_STRING"]
                )
            set_front_cache_headers(request, response, eligible, canonical)
            return response
        query, as_sent = normalised_query(request.path_info, request.META.get("QUERY_STRING", ""))
        key = page_key(request, query)
        cache = shared_cache()
        version = None
        try:
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY)
            if version is None:
                version = current_version(cache)
            entry = found.get(key)
            if entry is not None and entry[0] == version:
                response = entry[1]  # unpickled: this request's own copy
                if not as_sent:
                    # The stored page of the normalised address says it may be shared; this
                    # address may not (set_front_cache_headers).
                    patch_cache_control(response, s_maxage=0)
                return response
        except Exception as error:  # noqa: BLE001 - a broken cache must never break a page
            log_cache_error("read a page", error)
            version = None

        response = self.get_response(request)
        set_front_cache_headers(request, response, eligible, as_sent)

        # Stored only when the address is its normalised self: `?utm_content=N` is served the
        # stored /news/ but never stores a page of its own (a flood of made-up addresses would
        # evict real pages), and links on the page never carry a made-up parameter to others.
        if (
            version is not None
            and as_sent
            and request.method == "GET"
            and response_is_cacheable(response)
        ):
            # Stored pickled, as Django's own cache middleware stores responses: replaying one
            # costs an unpickle, not a response rebuilt header by header.
            response["X-Page-Cache"] = "hit"
            try:
                cache.set(key, (version, response), settings.PAGE_CACHE_SECONDS)
            except Exception as error:  # noqa: BLE001
                log_cache_error("store a page", error)
            response["X-Page-Cache"] = "miss"
        return response
