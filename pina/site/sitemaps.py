from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse


class PagesSitemap(Sitemap):
    """Pages that exist once per language, such as the home page."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home"]

    def location(self, item):
        return reverse(item)


class LanguagePairs:
    """The (item, language) pairs of an ordered QuerySet, every item in every language, as
    Django's paginator pages a multilingual sitemap: its length is a COUNT, a slice reads only
    the items it covers."""

    def __init__(self, queryset, languages):
        self.queryset, self.languages = queryset, list(languages)
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
        return pairs[start - first * per_item : stop - first * per_item]


class LargeSitemap(Sitemap):
    """A multilingual sitemap of many rows (every published post), in pages of `limit`
    addresses, each page reading only its own rows.

    Django lists every (row, language) pair before taking a page of them, and finds the
    newest `lastmod` by reading every row, so each page of the posts' sitemap cost as much as
    the whole table. `items()` must be an ordered QuerySet; every row exists in every language;
    `lastmod_field` names the field of each row's `lastmod`.
    """

    i18n = True
    alternates = True
    x_default = True
    # Addresses a page (rows x languages): few enough that a crawler never waits long for one.
    limit = 1500
    lastmod_field = "updated_at"

    def _items(self):
        return LanguagePairs(self.items(), self._languages())

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]
