"""Search in a language added to the site later: after every `migrate` on PostgreSQL, each
searchable model that has stored search vectors gets the ones it lacks for a language of
settings.LANGUAGES (its `search_<code>` column, GIN index without a pending list), built from
its QuerySet's `search_fields` as `operations.search_column_operation()` builds them, so adding a
language needs no hand-written search migration. A no-op on SQLite, and where nothing is
missing (one catalogue read per table)."""

from django.apps import apps
from django.conf import settings
from django.db import connections

from pina.search.operations import search_document_sql, search_index_name
from pina.search.postgres import search_column_name
from pina.search.queryset import SearchableQuerySet


def searched_models():
    """Installed models whose QuerySet is a SearchableQuerySet with searched fields."""
    for model in apps.get_models():
        queryset = getattr(model._default_manager, "_queryset_class", None)
        searchable = isinstance(queryset, type) and issubclass(queryset, SearchableQuerySet)
        if searchable and queryset.search_fields:
            yield model, queryset.search_fields


def add_missing_search_columns(using="default") -> list[str]:
    """Add the missing per-language search columns; returns "table.column" of each added."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    quote = connection.ops.quote_name
    added = []
    with connection.cursor() as cursor:
        for model, fields in searched_models():
            table = model._meta.db_table
            existing = {
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            }
            if not any(search_column_name(code) in existing for code, _ in settings.LANGUAGES):
                continue  # its search migration has not run (or it has none): not ours to add
            for code in settings.MODELTRANSLATION_LANGUAGES:
                column = search_column_name(code)
                if column in existing:
                    continue
                document = search_document_sql(model, fields, code, quote)
                cursor.execute(
                    f"ALTER TABLE {quote(table)} ADD COLUMN {quote(column)} tsvector "
                    f"GENERATED ALWAYS AS ({document}) STORED"
                )
                index = quote(search_index_name(model, code))
                cursor.execute(
                    f"CREATE INDEX {index} ON {quote(table)} USING gin ({quote(column)}) "
                    "WITH (fastupdate = off)"
                )
                added.append(f"{table}.{column}")
    return added


def add_search_columns_after_migrate(sender, using="default", verbosity=1, **kwargs):
    """post_migrate handler (pina.search.apps)."""
    for name in add_missing_search_columns(using):
        if verbosity:
            print(f"  Added the search column {name}")
