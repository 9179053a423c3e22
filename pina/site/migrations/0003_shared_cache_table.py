"""The table of the database cache (pina.caching.database_cache), the cache every process shares when
REDIS_URL is unset. Created whatever the cache settings are, so a site can switch between Redis
and the database by its environment alone."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "pina_cache"


def create(apps, schema_editor):
    alias = schema_editor.connection.alias
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    schema_editor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("pina", "0002_staff_groups")]

    operations = [migrations.RunPython(create, drop)]
