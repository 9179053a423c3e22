"""The migration operations that give a searchable model its PostgreSQL search documents: one
stored `tsvector` column per language, GENERATED ALWAYS ... STORED so PostgreSQL keeps it current
on every write, each with a GIN index (`search_column_operation`), those indexes without a
pending list (`search_index_pending_list_operation`), and the GIN expression indexes of the first
search migrations that the columns replaced (`search_index_operation`). On SQLite every one of
them does nothing."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from pina.search.postgres import (
    UZBEK_APOSTROPHES,
    UZBEK_LETTER_MARK,
    postgres_config,
    search_column_name,
)
from pina.search.translated import localized_text


def search_vector(model, weighted_fields: dict, language_code):
    """The tsvector expression of a language, as the GIN expression indexes of the first search
    migrations had it."""
    config = postgres_config(language_code)
    vector = None
    for field_name, weight in weighted_fields.items():
        part = SearchVector(
            localized_text(model, field_name, language_code), config=config, weight=weight
        )
        vector = part if vector is None else vector + part
    return vector


def search_document_sql(model, weighted_fields: dict, language_code, quote_name) -> str:
    """The SQL expression of a stored search vector: the weighted fields in `language_code`
    (its English text where it has none), parsed with the language's configuration."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    columns = {field.name: field.column for field in model._meta.concrete_fields}
    config = postgres_config(language_code)
    parts = []
    for name, weight in weighted_fields.items():
        localized, fallback = f"{name}_{language_code}", f"{name}_{default}"
        if localized not in columns:
            text = f"coalesce({quote_name(columns[name])}, '')"
        elif localized == fallback:
            text = f"coalesce({quote_name(columns[localized])}, '')"
        else:
            text = (
                f"coalesce(nullif({quote_name(columns[localized])}, ''), "
                f"{quote_name(columns[fallback])}, '')"
            )
        if language_code == "uz":
            text = f"translate({text}, '{UZBEK_APOSTROPHES.replace(chr(39), chr(39) * 2)}', "
            text += f"'{UZBEK_LETTER_MARK * len(UZBEK_APOSTROPHES)}')"
        parts.append(f"setweight(to_tsvector('{config}'::regconfig, {text}), '{weight}')")
    return " || ".join(parts)


def search_index_name(model, language_code) -> str:
    return f"{model._meta.db_table}_search_{language_code}"


def search_column_operation(app_label: str, model_name: str, weighted_fields: dict):
    """A migration operation adding the stored search vectors and their GIN indexes (one of
    each per language) on PostgreSQL; nothing on SQLite.

    Adding the columns rewrites the table once. Changing the fields or weights needs a new
    migration that drops the columns and adds them again.
    """

    def add(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        quote = schema_editor.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(
            f"ADD COLUMN {quote(search_column_name(code))} tsvector GENERATED ALWAYS AS "
            f"({search_document_sql(model, weighted_fields, code, quote)}) STORED"
            for code in settings.MODELTRANSLATION_LANGUAGES
        )
        schema_editor.execute(f"ALTER TABLE {table} {columns}")
        for code in settings.MODELTRANSLATION_LANGUAGES:
            index = quote(search_index_name(model, code))
            column = quote(search_column_name(code))
            schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin ({column})")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        quote = schema_editor.quote_name
        columns = ", ".join(
            f"DROP COLUMN {quote(search_column_name(code))}"  # its index goes with it
            for code in settings.MODELTRANSLATION_LANGUAGES
        )
        schema_editor.execute(f"ALTER TABLE {quote(model._meta.db_table)} {columns}")

    return migrations.RunPython(add, drop, elidable=False)


def search_index_pending_list_operation(app_label: str, model_name: str):
    """A migration operation turning off the pending list (`fastupdate`) of a model's search
    indexes on PostgreSQL (nothing on SQLite), and merging what the list holds.

    With the list on, new and edited rows wait in an unsorted list that every search reads
    whole until a vacuum merges it. Content is written rarely and read often, so each write
    updates the index itself.
    """

    def change(apps, schema_editor, enabled):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        for code in settings.MODELTRANSLATION_LANGUAGES:
            index = search_index_name(model, code)
            quoted = schema_editor.quote_name(index)
            if enabled:  # PostgreSQL's default
                schema_editor.execute(f"ALTER INDEX {quoted} RESET (fastupdate)")
            else:
                schema_editor.execute(f"ALTER INDEX {quoted} SET (fastupdate = off)")
                schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])

    return migrations.RunPython(
        lambda apps, editor: change(apps, editor, enabled=False),
        lambda apps, editor: change(apps, editor, enabled=True),
        elidable=False,
    )


def search_index_operation(
    app_label: str, model_name: str, weighted_fields: dict, *, reverse=False
):
    """A migration operation adding one GIN expression index per language on PostgreSQL (none
    on SQLite); with `reverse`, the operation dropping them (and adding them when unapplied).

    The first search migrations used these; `search_column_operation()` replaced them.
    """

    def indexes(model):
        return [
            GinIndex(
                search_vector(model, weighted_fields, code), name=search_index_name(model, code)
            )
            for code in settings.MODELTRANSLATION_LANGUAGES
        ]

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model = apps.get_model(app_label, model_name)
            for index in indexes(model):
                schema_editor.add_index(model, index)

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model = apps.get_model(app_label, model_name)
            for index in indexes(model):
                schema_editor.remove_index(model, index)

    if reverse:
        return migrations.RunPython(drop, create, elidable=False)
    return migrations.RunPython(create, drop, elidable=False)
