"""Trigram indexes for the admin's search (name, e-mail, city), on PostgreSQL only: the admin
searches with `icontains`, which PostgreSQL runs as UPPER(column::text) LIKE UPPER('%term%'),
so without these GIN indexes every search reads the whole table. They need the pg_trgm extension
(a trusted extension: the database owner may create it); where it cannot be created the search
still works, only slower, so the migration goes on without the indexes. SQLite has nothing to
do here.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

COLUMNS = {
    "vol_app_name_trgm": "full_name",
    "vol_app_email_trgm": "email",
    "vol_app_city_trgm": "city",
}
TABLE = "volunteers_volunteerapplication"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        logger.warning("pg_trgm is not available: the admin's search will not be indexed")
        return
    for name, column in COLUMNS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} "
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )
    # The planner needs statistics on the new expressions to prefer these indexes.
    schema_editor.execute(f"ANALYZE {TABLE}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0002_choices_and_permissions")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
