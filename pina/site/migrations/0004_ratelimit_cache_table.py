"""The table of the rate-limit counters' database cache (settings.CACHES["ratelimit"] when
REDIS_URL is unset): apart from the pages' table, so culling pages never drops a counter.
Created whatever the cache settings are, like pina_cache (0003)."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "pina_ratelimit_cache"


def create(apps, schema_editor):
    alias = schema_editor.connection.alias
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    schema_editor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("pina", "0003_shared_cache_table")]

    operations = [migrations.RunPython(create, drop)]
