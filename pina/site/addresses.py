"""The site's public address, for links that leave the page a request is on: e-mails, reviewers'
preview links, event sign-up links and their QR codes. In production `SITE_URL` says it (a system
check, `pina.E010`, refuses to run without it). With debug on and `SITE_URL` unset, links use the
address the site is being served at, so `make run` works on any port: the current request's
(`ServedAtMiddleware` remembers it for the request, including the e-mails sent when its
transaction commits), else the last one this installation served (in the shared cache, for the
outbox's retries, which run outside any request).
"""

import contextlib
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.checks import Error, register

DEFAULT_ADDRESS = "http://127.0.0.1:8000"
_CACHE_KEY = "pina:served-at"
_served_at: ContextVar[str | None] = ContextVar("pina_served_at", default=None)


def site_url() -> str:
    """The scheme and host links start with, without a trailing slash."""
    if settings.SITE_URL:
        return settings.SITE_URL
    address = _served_at.get()
    if address:
        return address
    try:
        return cache.get(_CACHE_KEY) or DEFAULT_ADDRESS
    except Exception:  # a cache that does not answer: the development default
        return DEFAULT_ADDRESS


def absolute_url(path: str) -> str:
    return site_url() + path


class ServedAtMiddleware:
    """With `SITE_URL` unset (development), note the address each request came to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_URL:
            return self.get_response(request)
        address = request.build_absolute_uri("/").rstrip("/")
        token = _served_at.set(address)
        with contextlib.suppress(Exception):  # a cache that does not answer: links fall back
            if cache.get(_CACHE_KEY) != address:
                cache.set(_CACHE_KEY, address, None)
        try:
            return self.get_response(request)
        finally:
            _served_at.reset(token)


@register()
def site_url_is_set(app_configs=None, **kwargs):
    """Without debug, links in e-mails must not depend on which host a request used."""
    if settings.DEBUG or settings.SITE_URL:
        return []
    return [
        Error(
            "SITE_URL is not set.",
            hint="Set SITE_URL to the site's public address (https://example.org): links in "
            "e-mails, preview links and event sign-up links are built from it.",
            id="pina.E010",
        )
    ]
