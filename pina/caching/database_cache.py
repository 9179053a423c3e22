"""The cache every worker and instance shares when there is no Redis: Django's database cache,
in the table `pina_cache` that the migration pina/0003 creates (so `migrate` is all a new
database needs, no separate `createcachetable` step).
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
        """Add `delta` to a stored number with the row locked, rewriting only its value.

        The inherited `incr()` reads the value, adds and writes it back with `set()`, which
        loses increments when two processes count at the same moment and resets the entry's
        expiry to the default timeout: a rate-limit counter for "5 an hour" would start again
        after `TIMEOUT` seconds. Locked and value-only, counters are exact across processes and
        keep their window.
        """
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
