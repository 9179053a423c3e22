"""Matching and ranking, and the QuerySet a searchable model's manager is made from:
`SearchableQuerySet` names the searched fields and their weights once and gives `search()`,
`search_ranks()` and `search_rows()`, each starting from the model's own read rule,
`published()`. Ranking is bounded: only the newest `MAX_RANKED` + 1 matches of a model are
ranked, since a common word such as "trafficking" matches nearly every post and ranking them all
would make the commonest words the dearest searches; with fewer matches every match is ranked,
with more the results page says so and asks for more words."""

from django.conf import settings
from django.db import connections, models
from django.db.models import Case, ExpressionWrapper, FloatField, Value, When
from django.utils import translation
from modeltranslation import settings as mt_settings

from pina.search.postgres import postgres_terms
from pina.search.query import clean_query
from pina.search.sqlite import folded_terms
from pina.search.translated import shown_columns

# At most this many matches of each model (the newest) are ranked; see the module docstring.
MAX_RANKED = 100


def matching(queryset, query, weighted_fields: dict):
    """(the rows matching `query` in the active language, their annotations, the rank
    expression), or None when the query has nothing to look for."""
    query = clean_query(query)
    if not query:
        return None
    if connections[queryset.db].vendor == "postgresql":
        terms = postgres_terms(query)
    else:
        terms = folded_terms(queryset.model, query, weighted_fields)
    if terms is None:
        return None
    annotations, matches, rank = terms
    rows = (queryset.annotate(**annotations) if annotations else queryset).filter(matches)
    return rows, annotations, rank


def newest_first(model) -> list[str]:
    """The model's ordering (newest first for every searchable model), ending with the key."""
    return list(dict.fromkeys([*(model._meta.ordering or []), "-pk"]))


def text_search(queryset, query, weighted_fields: dict, order=None):
    """`queryset` narrowed to the rows matching `query` in the active language, with `rank`.

    `weighted_fields` maps field names to weights "A" (most important) to "D". Only the first
    `MAX_RANKED` + 1 matches in `order` (newest first by default) are ranked and returned, so a
    word found in every row costs what a rarer one does.
    """
    found = matching(queryset, query, weighted_fields)
    if found is None:
        return queryset.annotate(rank=Value(0.0)).none()
    rows, annotations, rank = found
    candidates = rows.order_by(*(order or newest_first(queryset.model))).values("pk")
    # The outer query reads and ranks the candidates only (by primary key).
    return queryset.filter(pk__in=candidates[: MAX_RANKED + 1]).annotate(**annotations, rank=rank)


# Added to the rank of a row written in the visitor's language, so that every such match comes
# before every match found only in the English text it falls back to (a rank never reaches it).
IN_LANGUAGE_TIER = 1_000_000.0


def in_language_first(queryset, rank):
    """`rank`, raised by `IN_LANGUAGE_TIER` for the rows translated into the active language
    (pina.content.translation_status's rule) when that is not the default language."""
    condition = getattr(queryset, "translated_condition", None)
    code = translation.get_language()
    if condition is None or code == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return rank
    if code not in mt_settings.AVAILABLE_LANGUAGES:  # a language without translated fields
        return rank
    tier = Case(
        When(condition(code), then=Value(IN_LANGUAGE_TIER)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return ExpressionWrapper(rank + tier, output_field=FloatField())


def ranked_matches(queryset, query, weighted_fields: dict, order=None, key="pk") -> list:
    """[(pk, rank)] of the rows `text_search()` returns, best first (rows written in the
    visitor's language before rows shown as a fallback; newest first among equal ranks), in one
    query that ranks the candidates as it finds them, so each row is read once (a stored search
    vector is large, and reading it a second time to rank it is not free). `key` names
    what each pair starts with, the row's key by default."""
    found = matching(queryset, query, weighted_fields)
    if found is None:
        return []
    rows, _annotations, rank = found
    candidates = (
        # Not "rank": a speaker's rank (Colonel) is a field of its own.
        rows.annotate(search_rank=in_language_first(queryset, rank))
        .order_by(*(order or newest_first(queryset.model)))
        .values_list(key, "search_rank")
    )
    ranks = list(candidates[: MAX_RANKED + 1])
    ranks.sort(key=lambda row: -float(row[1]))  # stable: newest first among equal ranks
    return ranks


class SearchableQuerySet(models.QuerySet):
    """The QuerySet of a model the site search reads; the model's QuerySet defines
    `published()`, what visitors may see, and names its fields here once:

    - `search_fields`: the searched fields and their weights, "A" (most important) to "D";
    - `shown_fields`: what a result shows (loaded in the active language only), and
      `shown_related`: the same of the rows it shows with it ({"category": ("name", "slug")}).

    A model instance gives `search_title()` and `search_excerpt()` (plain text),
    `get_absolute_url()` and, optionally, `search_date()` and `search_label()`.
    """

    search_fields: dict[str, str] = {}
    shown_fields: tuple[str, ...] = ()
    shown_related: dict[str, tuple[str, ...]] = {}

    def search(self, query):
        """The published rows matching `query` in the active language, each with `rank`, best
        first, then newest first. A blank query gives no rows; what a visitor typed never
        makes it fail."""
        order = newest_first(self.model)
        found = text_search(self.published(), query, self.search_fields, order)
        if self.shown_related:
            found = found.select_related(*self.shown_related)
        return found.order_by("-rank", *order)

    def search_ranks(self, query) -> list:
        """[(pk, rank)] of `search(query)`, best first: what the search page ranks with."""
        return ranked_matches(self.published(), query, self.search_fields)

    def search_rows(self, pks):
        """The published rows with these keys, with only the columns a search result shows."""
        rows = self.published().filter(pk__in=pks)
        columns = shown_columns(self.model, *self.shown_fields)
        for name, fields in self.shown_related.items():
            related = self.model._meta.get_field(name).related_model
            columns += shown_columns(related, *fields, prefix=f"{name}__")
        if self.shown_related:
            rows = rows.select_related(*self.shown_related)
        if hasattr(rows, "with_translation_status"):
            # Whether a result is shown as the English fallback, without reading long text.
            rows = rows.with_translation_status([translation.get_language()])
        return rows.only(*columns).order_by()  # the page puts them in rank order
