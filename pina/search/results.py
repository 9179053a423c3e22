"""What the search page lists: every searchable model (`SEARCHABLE_MODELS`) ranked on each
search and merged best first (`MergedResults`), each shown row as a `SearchResult` in plain text,
kept in the fragment cache per row and language."""

import dataclasses
import datetime
import heapq

from django.apps import apps
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import capfirst

from pina.caching.fragments import remember_many
from pina.content import translation_status
from pina.search import queryset
from pina.site.cldr import long_date
from pina.site.templatetags.site_tags import machine_time

# The models the search page reads, each with a `SearchableQuerySet` as its manager.
SEARCHABLE_MODELS = [
    "news.Post",
    "events.Conference",
    "events.Person",  # labelled "Speaker", linked to the conference they spoke at
    "events.Quote",
    "events.Organization",
]


def searchable_models():
    return [apps.get_model(label) for label in SEARCHABLE_MODELS]


# Sources that are not tables (`label`, `search_ranks(query)`, `search_rows(keys)`), by path,
# since pina's pieces never import an app.
LISTED_SOURCES = [
    "events.country_search.CountrySearch",  # the countries with a page, by name
]


def search_sources():
    """Everything the search page ranks: the searchable models, then the listed sources."""
    return [*searchable_models(), *(import_string(path)() for path in LISTED_SOURCES)]


def source_label(source) -> str:
    return source._meta.label_lower if hasattr(source, "_meta") else source.label


def source_rows(source):
    """What ranks and loads a source's rows: a model's manager, or the listed source itself."""
    return source.objects if hasattr(source, "objects") else source


def _fallback_language(row) -> str:
    shown = translation_status.page_language(row)
    return "" if shown == translation.get_language() else shown


@dataclasses.dataclass(frozen=True)
class SearchResult:
    """What the results page shows of one row, in one language, before the query's words are
    marked: plain text, so it can be kept in the fragment cache (`MergedResults`)."""

    url: str
    title: str
    text: str  # the plain text the excerpt is cut from
    label: str  # capitalized
    # The date shown, if any, as <time datetime="..."> wants it and as the language writes it.
    machine_date: str = ""
    shown_date: str = ""
    # The language title and text are shown in where it is not the page's (an untranslated
    # row's English fallback), else "".
    fallback_language: str = ""

    @classmethod
    def of(cls, row) -> "SearchResult":
        label = row.search_label() if hasattr(row, "search_label") else row._meta.verbose_name
        date = row.search_date() if hasattr(row, "search_date") else None
        if isinstance(date, datetime.datetime):
            date = timezone.localtime(date)
        return cls(
            url=row.get_absolute_url(),
            title=row.search_title(),
            text=row.search_excerpt(),
            label=capfirst(str(label)),
            machine_date=machine_time(date) if date else "",
            shown_date=long_date(date) if date else "",
            fallback_language=_fallback_language(row),
        )

    @staticmethod
    def cache_name(model, pk, language) -> str:
        return f"search-result:{source_label(model)}:{pk}:{language}"


class MergedResults:
    """The results of every source as one sequence, best first, for Django's Paginator.

    One query per model ranks its candidates (`Model.objects.search_ranks(query)`: primary keys
    and ranks only), on every search: which rows a visitor may see and how they rank is always
    read afresh. A page then shows its rows as `SearchResult`s, kept in the fragment cache per
    row and language under the content version (an edit anywhere is seen on the next request,
    as on every page); the rows not there are loaded with one query per model
    (`Model.objects.search_rows(pks)`). A source's count is at most `MAX_RANKED`;
    `truncated` says a source had more.
    """

    def __init__(self, models, query):
        lists, self.counts = [], []
        bound = queryset.MAX_RANKED
        for model in models:
            ranks = source_rows(model).search_ranks(query)
            self.counts.append(len(ranks))
            lists.append([(float(rank), model, pk) for pk, rank in ranks[:bound]])
        self.truncated = any(count > bound for count in self.counts)
        # heapq.merge is stable: entries of equal rank keep their source's newest-first order.
        self._entries = list(heapq.merge(*lists, key=lambda entry: -entry[0]))

    def __len__(self):
        return len(self._entries)

    def count(self):
        return len(self)

    def __getitem__(self, index):
        entries = self._entries[index] if isinstance(index, slice) else [self._entries[index]]
        language = translation.get_language()
        names = {
            SearchResult.cache_name(model, pk, language): (model, pk)
            for _rank, model, pk in entries
        }

        def load(missing):
            wanted = {}
            for name in missing:
                model, pk = names[name]
                wanted.setdefault(model, []).append(pk)
            loaded = {}
            for model, pks in wanted.items():
                for row in source_rows(model).search_rows(pks):
                    loaded[SearchResult.cache_name(model, row.pk, language)] = SearchResult.of(row)
            return loaded

        results = remember_many(list(names), load)
        # A row deleted between the two queries is left out.
        shown = [results[name] for name in names if name in results]
        return shown if isinstance(index, slice) else shown[0]
