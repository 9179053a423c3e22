"""PostgreSQL full-text search: the text search configuration of each language (`english`,
`russian`, `simple` for Uzbek), the stored per-language search vectors (`SearchDocument`, the
`search_<code>` columns that `operations.search_column_operation()` adds), and the match and rank
of a query (`websearch_to_tsquery`, `ts_rank`). Uzbek, agglutinative and without a stemmer,
matches every query word as a prefix (`prefix_tsquery`). In Uzbek, the apostrophes of oʻ, gʻ
and maʼlumot and their look-alikes are one letter, U+02BB, in the documents and in the query."""

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import models
from django.utils import translation

from pina.search.query import parse_terms

POSTGRES_CONFIGS = {"en": "english", "ru": "russian"}
# Every apostrophe becomes U+02BB, which the text search parser takes for a letter (it splits
# words at ' and ’), so "O'zbekiston" and "Oʻzbekiston" are one word.
UZBEK_LETTER_MARK = "\u02bb"
UZBEK_APOSTROPHES = "'\u02bc\u2018\u2019`"


def postgres_config(language_code=None) -> str:
    code = (language_code or translation.get_language() or "en").split("-")[0]
    return POSTGRES_CONFIGS.get(code, "simple")


def search_column_name(language_code) -> str:
    return f"search_{language_code}"


class SearchDocument(models.Expression):
    """A model's stored search vector in one language (the `search_<code>` column). It is
    deliberately not a model field, so no other query loads it. Resolves to the column of the
    query's own table, also inside subqueries."""

    def __init__(self, language_code, alias=None):
        super().__init__(output_field=SearchVectorField())
        self.language_code = language_code
        self.alias = alias

    def resolve_expression(self, query=None, *args, **kwargs):
        return SearchDocument(self.language_code, alias=query.get_initial_alias())

    def relabeled_clone(self, relabels):
        return SearchDocument(self.language_code, alias=relabels.get(self.alias, self.alias))

    def get_group_by_cols(self):
        return [self]

    def as_sql(self, compiler, connection):
        column = connection.ops.quote_name(search_column_name(self.language_code))
        return f"{compiler.quote_name_unless_alias(self.alias)}.{column}", []


def uzbek_apostrophes(text: str) -> str:
    """Every kind of apostrophe as the one letter mark the Uzbek search vectors contain."""
    return text.translate(str.maketrans(UZBEK_APOSTROPHES, UZBEK_LETTER_MARK * 5))


def search_language() -> str:
    """The language searched in: the active one, or the default when it has no columns."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language not in settings.MODELTRANSLATION_LANGUAGES:
        language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return language


def prefix_tsquery(query: str):
    """The raw tsquery of a cleaned query in a language without a stemmer (Uzbek): every word
    a prefix (`'toshkent':*` finds "Toshkentda"), a "quoted phrase" its words in a row, a
    -word left out whole; or None when there is no word to look for.

    Prefix matching rather than trigram similarity: docs/benchmarks.md has both measured.
    """
    wanted, unwanted = parse_terms(query)
    if not wanted:
        return None

    def lexeme(word):
        # parse_terms() keeps only letters, digits and apostrophes; the apostrophes become the
        # letter mark the documents hold, so no quote is left to escape.
        return "'" + uzbek_apostrophes(word).replace("'", "''") + "'"

    parts = [" <-> ".join(f"{lexeme(word)}:*" for word in term.split()) for term in wanted]
    parts += [f"!{lexeme(word)}" for term in unwanted for word in term.split()]
    return " & ".join(f"({part})" for part in parts)


def postgres_terms(query: str):
    """(annotations, match condition, rank expression) of a cleaned query in the active
    language, read from the stored vectors, or None when it has nothing to look for."""
    language = search_language()
    if language in POSTGRES_CONFIGS:
        search_query = SearchQuery(query, search_type="websearch", config=postgres_config(language))
    else:
        raw = prefix_tsquery(query)
        if raw is None:
            return None
        search_query = SearchQuery(raw, search_type="raw", config=postgres_config(language))
    document = SearchDocument(language)
    return {}, SearchVectorExact(document, search_query), SearchRank(document, search_query)
