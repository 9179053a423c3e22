"""Every public address of the site, found in the URLconf rather than listed by hand: each
pattern of the i18n patterns and the public top-level ones, with the query parameters its view
declares (`query_parameters`, pina/caching/parameters.py). A new page is fuzzed as soon as it is
added; one whose view declares nothing, or whose address needs an argument not in `ARGUMENTS`,
fails test_query_strings.py until it does."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from pina.caching.parameters import declared_parameters

# Top-level prefixes that are not public pages: the back office, the editor's upload, media.
# django-simple-captcha's images and refresh (the volunteer form's challenge) read no query
# string and are never stored by the page cache (they set no-cache headers).
NOT_PUBLIC = ("admin/", "editor/", "^media/", "captcha/")

LANGUAGES = ("en", "ru", "uz")

# What to put in each address's variable parts (from the `content` fixture), by URL name.
ARGUMENTS = {
    "news:category": lambda c: {"slug": c["category"].slug},
    "news:detail": lambda c: {"slug": c["post"].slug_en},
    "news:preview": lambda c: {"token": "not-a-real-token"},
    "events:conference_detail": lambda c: {"slug": c["conference"].slug},
    "events:conference_ics": lambda c: {"slug": c["conference"].slug},
    "events:organization_detail": lambda c: {"slug": c["organization"].slug},
    "events:country_detail": lambda c: {"code": "uz"},
    "events:help_country": lambda c: {"code": "uz"},
    "news:category_feed": lambda c: {"slug": c["category"].slug},
    "volunteers:confirm_change": lambda c: {"token": "not-a-real-token"},
    "volunteers:event_signup": lambda c: {"token": "not-a-real-token"},
    "volunteers:confirm": lambda c: {"token": "not-a-real-token"},
    "volunteers:resend_confirmation": lambda c: {"token": "not-a-real-token"},
    "volunteers:withdraw": lambda c: {"token": "not-a-real-token"},
    "sitemap_section": lambda c: {"section": "posts"},
}

# A value each parameter may have, so that a view gets as far as reading every one it reads.
SAMPLE_VALUES = {
    "category": lambda c: c["category"].slug,
    "organization": lambda c: c["organization"].slug,
    "country": lambda c: "UZ",
    "year": lambda c: str(c["conference"].start_date.year),
    "q": lambda c: "meeting",
}

# What a 200 is, when it is not an HTML page.
KINDS = {
    "events:conference_ics": "ics",
    "news:feed": "feed",
    "news:category_feed": "feed",
    "sitemap": "sitemap",
    "sitemap_section": "sitemap",
    "healthz": "json",
    "robots_txt": "text",
}

PLACEHOLDER = "zzplaceholderzz"


@dataclass(frozen=True)
class PublicPage:
    name: str  # the URL name with its namespace: "news:detail"
    callback: object
    localized: bool
    kwargs: tuple[str, ...]  # the names of the address's variable parts

    @property
    def parameters(self):
        return declared_parameters(self.callback)

    @property
    def kind(self):
        return KINDS.get(self.name, "html")

    @property
    def answers_get(self):
        view = getattr(self.callback, "view_class", None)
        return view is None or hasattr(view, "get")

    def address(self, content, language="en", **overrides):
        """The address in `language`, its variable parts from ARGUMENTS, or `overrides` (raw
        text put into the path as it is)."""
        kwargs = ARGUMENTS[self.name](content) if self.kwargs else {}
        for name in overrides:
            kwargs[name] = PLACEHOLDER
        with translation.override(language if self.localized else "en"):
            url = reverse(self.name, kwargs=kwargs)
        for value in overrides.values():
            url = url.replace(PLACEHOLDER, value, 1)
        return url


def public_pages() -> list[PublicPage]:
    found = []

    def walk(patterns, namespace, localized, top):
        for pattern in patterns:
            route = str(pattern.pattern)
            if top and route.startswith(NOT_PUBLIC):
                continue
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                walk(
                    pattern.url_patterns,
                    inner,
                    localized or isinstance(pattern.pattern, LocalePrefixPattern),
                    top and isinstance(pattern.pattern, LocalePrefixPattern),
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                kwargs = tuple(pattern.pattern.converters)
                found.append(PublicPage(name, pattern.callback, localized, kwargs))

    walk(get_resolver().url_patterns, None, False, True)
    return sorted(found, key=lambda page: page.name)
