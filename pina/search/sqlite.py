"""The SQLite search (local work and tests): every word must occur in one of the searched fields,
compared after Unicode case folding in Python (`Folded`, the `pina_fold()` function that
`register_functions` adds to each connection), since SQLite's own LIKE folds ASCII letters only
and "Торговля" would not match "торговля"; the rank is the weight of the fields holding each
word."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import translation

from pina.search.query import fold, parse_terms
from pina.search.translated import localized_text

# The rank of a word found in a field of weight A, B, C or D.
SQLITE_WEIGHTS = {"A": 8, "B": 4, "C": 2, "D": 1}


class Folded(models.Func):
    """The value passed through `fold()` (a Python function registered per connection)."""

    function = "pina_fold"
    output_field = models.TextField()


def register_functions(sender, connection, **kwargs):
    """connection_created handler: makes `pina_fold()` available to SQLite queries."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("pina_fold", 1, fold, deterministic=True)


def folded_terms(model, query: str, weighted_fields: dict):
    """(annotations, match condition, rank expression) of a cleaned query in the active
    language, or None when it has no word to look for."""
    wanted, unwanted = parse_terms(query)
    if not wanted:
        return None
    language = translation.get_language() or settings.LANGUAGE_CODE
    folded = {
        f"_search_{name}": Folded(localized_text(model, name, language)) for name in weighted_fields
    }
    matches = Q()
    rank = Value(0)
    for term in wanted:
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
    for term in unwanted:
        for name in weighted_fields:
            matches &= ~Q(**{f"_search_{name}__contains": term})
    return folded, matches, rank
