"""Links between the language versions of a page: the switcher, hreflang and canonical URLs, and
the Open Graph locale a page's preview card is labelled with."""

import functools

from babel.core import get_global
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from pina.content import translation_status


def local_path(path: str) -> str:
    """`path` as a path on this site. A request for `//evil.example/` or `/\\evil.example/` has a
    path that browsers would read as another host: what precedes the first real path segment
    (slashes, backslashes, whitespace and control characters) is collapsed to one slash."""
    path = str(path)
    if path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return path
    path = "/" + path.lstrip("/\\" + "".join(map(chr, range(33))))
    if url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return path
    return "/"


def url_in_language(request, code: str, obj=None) -> str:
    """The path of the current page in language `code`.

    An object with translated slugs knows its own URL in each language; other pages are
    re-resolved by Django; a path that resolves to nothing (a 404) just swaps its prefix.
    """
    if obj is not None and hasattr(obj, "get_absolute_url"):
        with translation.override(code):
            return local_path(obj.get_absolute_url())
    current = translation.get_language() or settings.LANGUAGE_CODE
    path = local_path(request.get_full_path())
    translated = translate_url(path, code)
    if translated == path and code != current:
        prefix = f"/{current}/"
        if path.startswith(prefix):
            return local_path(f"/{code}/" + path[len(prefix) :])
        if path == f"/{current}":
            return f"/{code}/"
    return local_path(translated)


def language_versions(request, obj=None) -> list[dict]:
    """One entry per site language: code, local name, URL, whether it is the current one, and
    whether the page exists in it as a translation (`written`: an object not translated into a
    language only shows its fallback there, which hreflang must not announce)."""
    current = translation.get_language()
    written = translation_status.written_languages(obj) if obj is not None else None
    versions = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        versions.append(
            {
                "code": code,
                "name": info["name_local"].capitalize(),
                "url": url_in_language(request, code, obj),
                "current": code == current,
                "written": written is None or code in written,
            }
        )
    return versions


# One convention for the whole site (articles, conferences, organizations, the home page): the
# language with its most likely territory in CLDR (en_US, ru_RU, uz_UZ; kk_KZ for a fourth
# language). A page names the locale of the text it shows (a fallback is en_US).
@functools.cache
def _og_locale(language: str) -> str:
    likely = get_global("likely_subtags").get(language, "")
    parts = [part for part in likely.split("_") if part.isupper() and len(part) == 2]
    return f"{language}_{parts[0]}" if parts else f"{language}_{language.upper()}"


def og_locale(language=None) -> str:
    """The Open Graph locale of a site language (the active one by default)."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return _og_locale(language)
