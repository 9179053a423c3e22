"""The cache every worker and instance shares when there is no Redis: Django's database cache.

Django's `DatabaseCache` is used as it is, except for `incr()`. The inherited one reads the value,
adds and writes it back with `set()`, which (1) loses increments when two processes count at the
same moment and (2) resets the entry's expiry to the default timeout: a rate-limit counter for
"5 an hour" would start again after `TIMEOUT` seconds. Here the row is locked while it is read
and only its value is rewritten, so counters are exact across processes and keep their window.

The table (`pina_cache`) is created by the migration pina/0003, so `migrate` is all a new
database needs (no separate `createcachetable` step).
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now

TABLE = "pina_cache"


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache with an atomic `incr()` that keeps the entry's expiry."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table, cache_key = quote_name(self._table), quote_name("cache_key")
        now = tz_now().replace(microsecond=0, tzinfo=None)
        # SQLite has no row locks; the site opens its transactions IMMEDIATE (settings), which
        # takes the database's write lock at once and serializes concurrent increments.
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote_name('value')} FROM {table} "  # noqa: S608 - quoted names only
                f"WHERE {cache_key} = %s AND {quote_name('expires')} > %s{lock}",
                [key, connection.ops.adapt_datetimefield_value(now)],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            # The cache's own rows, written by this class (pickled like Django's backend).
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta  # noqa: S301
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote_name('value')} = %s "  # noqa: S608
                f"WHERE {cache_key} = %s",
                [encoded, key],
            )
        return value
