"""The SQLite search (local work and tests): every word must occur in one of the searched fields,
compared as words (`Words`, the `pina_words()` function that `register_functions` adds to each
connection): Unicode-case-folded in Python, since SQLite's own LIKE folds ASCII letters only and
"Торговля" would not match "торговля", and reduced to their Snowball stems in English and Russian
(`stem_words`), so "торговля людьми" finds "торговле людьми" as PostgreSQL's configurations do.
Uzbek has no Snowball stemmer and is agglutinative: a query word matches every word that starts
with it ("Toshkent" finds "Toshkentda"). The rank is the weight of the fields holding each word."""

import functools
import re

import snowballstemmer
from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import translation

from pina.search.query import fold, parse_terms
from pina.search.translated import localized_text

# The rank of a word found in a field of weight A, B, C or D.
SQLITE_WEIGHTS = {"A": 8, "B": 4, "C": 2, "D": 1}
# The Snowball stemmer of each language that has one; the others are matched by word prefix.
SNOWBALL_LANGUAGES = {"en": "english", "ru": "russian"}
WORD = re.compile(r"\w[\w']*")


@functools.cache
def _stemmer(language_code):
    name = SNOWBALL_LANGUAGES.get(language_code)
    return snowballstemmer.stemmer(name) if name else None


@functools.lru_cache(maxsize=50_000)
def _stem(language_code, word):
    stemmer = _stemmer(language_code)
    return stemmer.stemWord(word) if stemmer else word


def stem_words(text, language_code="en") -> str:
    """The folded words of `text`, stemmed in `language_code` when Snowball knows it, each
    between spaces: " w1 w2 ", so " stem" is found at the start of a word only and " stem "
    as a whole word."""
    if text is None:
        return " "
    words = WORD.findall(fold(text))
    return "".join(" " + _stem(language_code, word) for word in words) + " "


def query_words(term, language_code, *, whole=False) -> str:
    """A query's word or phrase as `stem_words()` writes it: " stem" finds the words starting
    with it, with `whole` " stem " only the word itself."""
    words = stem_words(term, language_code)
    return words if whole else words.rstrip(" ")


class Words(models.Func):
    """The value's words as `stem_words()` gives them (a Python function per connection)."""

    function = "pina_words"
    output_field = models.TextField()

    def __init__(self, expression, language_code):
        super().__init__(expression, Value(language_code))


def register_functions(sender, connection, **kwargs):
    """connection_created handler: makes `pina_words()` available to SQLite queries."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("pina_words", 2, stem_words, deterministic=True)


def folded_terms(model, query: str, weighted_fields: dict):
    """(annotations, match condition, rank expression) of a cleaned query in the active
    language, or None when it has no word to look for."""
    wanted, unwanted = parse_terms(query)
    if not wanted:
        return None
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    words = {
        f"_search_{name}": Words(localized_text(model, name, language), language)
        for name in weighted_fields
    }
    matches = Q()
    rank = Value(0)
    for term in (query_words(text, language) for text in wanted):
        anywhere = Q()
        for name, weight in weighted_fields.items():
            found = Q(**{f"_search_{name}__contains": term})
            anywhere |= found
            rank = rank + Case(
                When(found, then=Value(SQLITE_WEIGHTS[weight])),
                default=Value(0),
                output_field=models.IntegerField(),
            )
        matches &= anywhere
    for term in (query_words(text, language, whole=True) for text in unwanted):
        for name in weighted_fields:
            # A word left out is left out whole, not every word starting like it.
            matches &= ~Q(**{f"_search_{name}__contains": term})
    return words, matches, rank
