from django.contrib.sitemaps import Sitemap
from django.db import models
from django.db.models import Max
from django.urls import reverse

from pina.content.translation_status import TranslationStatusQuerySet, written_languages


class TranslatedSitemap(Sitemap):
    """A multilingual sitemap that lists a translated object only in the languages it is
    written in (pina.content.translation_status): its English text shown under /ru/ is not a
    Russian page, so it is neither an address of its own nor an hreflang alternate."""

    i18n = True
    alternates = True
    x_default = True

    def get_languages_for_item(self, item):
        languages = self._languages()
        if not isinstance(item, models.Model):
            return languages
        written = written_languages(item)
        return [code for code in languages if code in written]

    @staticmethod
    def with_status(queryset):
        """`queryset` with each row's translation status computed by the database, so no long
        text is read to decide where a row is listed."""
        if isinstance(queryset, TranslationStatusQuerySet):
            return queryset.with_translation_status()
        return queryset


class PagesSitemap(TranslatedSitemap):
    """Pages that exist once per language, such as the home page."""

    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home"]

    def location(self, item):
        return reverse(item)


class LanguagePairs:
    """The (item, language) pairs of an ordered QuerySet, as Django's paginator pages a
    multilingual sitemap: its length is a COUNT (every item in every language), a slice reads
    only the items it covers and keeps the pairs `languages_for(item)` allows, so a page may list
    fewer addresses than its limit."""

    def __init__(self, queryset, languages, languages_for=None):
        self.queryset, self.languages = queryset, list(languages)
        self.languages_for = languages_for
        self._count = None

    def __len__(self):
        if self._count is None:
            self._count = self.queryset.count()
        return self._count * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        per_item = len(self.languages)
        first, last = start // per_item, -(-stop // per_item)
        pairs = [(item, code) for item in self.queryset[first:last] for code in self.languages]
        pairs = pairs[start - first * per_item : stop - first * per_item]
        if self.languages_for is None:
            return pairs
        allowed = {}
        for item, _code in pairs:
            if item.pk not in allowed:
                allowed[item.pk] = set(self.languages_for(item))
        return [(item, code) for item, code in pairs if code in allowed[item.pk]]


class LargeSitemap(TranslatedSitemap):
    """A multilingual sitemap of many rows (every published post), in pages of `limit`
    addresses, each page reading only its own rows.

    Django lists every (row, language) pair before taking a page of them, and finds the
    newest `lastmod` by reading every row, so each page of the posts' sitemap cost as much as
    the whole table. `items()` must be an ordered QuerySet; a row is listed in the languages it
    is written in; `lastmod_field` names the field of each row's `lastmod`.
    """

    # Addresses a page (rows x languages): few enough that a crawler never waits long for one.
    limit = 1500
    lastmod_field = "updated_at"

    def _items(self):
        return LanguagePairs(
            self.with_status(self.items()), self._languages(), self.get_languages_for_item
        )

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]
