"""Countries as results of the site search: the countries that have a page worth visiting (a
published conference hosted or joined, an organization based there, a published helpline),
matched by their name in the visitor's language as the site shows it (CLDR through
pina.site.cldr), word by word like the SQLite search (stems in English and Russian, prefixes in
Uzbek), so "Казахстане" finds Kazakhstan. A short list matched in Python: there is no table of
countries to index."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pina.caching.fragments import remember
from pina.search.query import clean_query, parse_terms
from pina.search.queryset import IN_LANGUAGE_TIER
from pina.search.sqlite import stem_words
from pina.site.cldr import country_name

from .selectors import country_list, helpline_country_codes

# Above every other match in the visitor's language: a query that names a country, and nothing
# but it, most likely looks for the country's page.
COUNTRY_RANK = IN_LANGUAGE_TIER + 100.0
# A query word may carry an ending past a word of a country's name ("Qirgʻizistonda") when that
# word has at least this many letters.
MIN_STEM = 4


def country_codes_with_pages() -> list[str]:
    """The codes of the countries whose page lists something, cached under the content
    version (two queries when it changed)."""

    def compute():
        central, others = country_list()
        codes = {row["country"].code for row in (*central, *others)}
        return sorted(codes | set(helpline_country_codes()))

    return remember("search:country-codes", compute)


def names_word(name: list[str], word: str) -> bool:
    """A query's (stemmed) word names a word of a country's name: it starts it, or it is the
    name with an ending the stemmer left on (Snowball gives "казахста" for Казахстан and
    "казахстан" for Казахстане; Uzbek has no stemmer: "Qirgʻizistonda" is "Qirgʻiziston" + da).
    """
    return any(
        part.startswith(word) or (len(part) >= MIN_STEM and word.startswith(part)) for part in name
    )


class CountryResult:
    """A country as the search page shows it (pina.search.results.SearchResult.of)."""

    def __init__(self, code):
        self.pk = code
        self.name = country_name(code)

    def get_absolute_url(self):
        return reverse("events:country_detail", kwargs={"code": self.pk.lower()})

    def search_title(self) -> str:
        return self.name

    def search_excerpt(self) -> str:
        return _(
            "Conferences on combating trafficking in persons hosted in or joined by %(name)s."
        ) % {"name": self.name}

    def search_label(self) -> str:
        return _("Country")


class CountrySearch:
    """The search page's source of countries (pina.search.results.LISTED_SOURCES)."""

    label = "events.country"

    def search_ranks(self, query) -> list:
        wanted, unwanted = parse_terms(clean_query(query))
        if not wanted:
            return []
        language = translation.get_language()
        wanted_words = stem_words(" ".join(wanted), language).split()
        unwanted_words = stem_words(" ".join(unwanted), language).split()
        ranks = []
        for code in country_codes_with_pages():
            name = stem_words(country_name(code, language), language).split()
            if all(names_word(name, word) for word in wanted_words) and not any(
                word in name for word in unwanted_words
            ):
                ranks.append((code, COUNTRY_RANK))
        return ranks

    def search_rows(self, codes):
        return [CountryResult(code) for code in codes]
