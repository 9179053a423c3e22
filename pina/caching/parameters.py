"""Which query parameters each public view reads, declared on the view (`query_parameters`):
the page cache keys a page on those alone, and the bad-input suite fuzzes exactly those
(tests/badinput/test_query_strings.py checks each declaration against what the view reads).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.urls import Resolver404, resolve
from django.utils import translation

# Django's own views used by pina.urls, which cannot carry the attribute.
_DJANGO_VIEWS = {sitemap_views.index: (), sitemap_views.sitemap: ("p",)}


def reads_query(*names):
    """Declare what a function view reads from the query string (class-based views and feeds
    set `query_parameters = (...)` instead)."""

    def declare(view):
        view.query_parameters = tuple(names)
        return view

    return declare


def declared_parameters(callback) -> tuple[str, ...] | None:
    """The names a resolved view reads from the query string, or None if it declares none."""
    view = getattr(callback, "view_class", callback)
    names = getattr(view, "query_parameters", None)
    if names is None:
        names = _DJANGO_VIEWS.get(callback)
    return tuple(names) if names is not None else None


def parameters_for_path(path_info: str) -> tuple[str, ...] | None:
    """`declared_parameters` of the view an address resolves to (None: unknown or undeclared).

    Resolved in the address's own language: the i18n patterns match only the active one, and
    this runs before LocaleMiddleware.
    """
    language = translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path_info)
        except Resolver404:
            return None
    return declared_parameters(match.func)


def normalised_query(path_info: str, query_string: str) -> tuple[str, bool]:
    """The query string reduced to the parameters the view reads, in their order, and whether
    that is the query string as sent. A view that declares nothing keeps its whole query string
    (and a page with one is then never stored: see PageCacheMiddleware)."""
    if not query_string:
        return "", True
    names = parameters_for_path(path_info)
    if names is None:
        return query_string, False
    pairs = parse_qsl(query_string, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if name in names]
    normalised = urlencode(kept)
    return normalised, normalised == query_string
