"""django-dbbackup connectors of our own: SQLite dumped and restored through SQLite's online
backup API on Django's own connection. django-dbbackup's `SqliteBackupConnector` dumps this way
but restores by writing over the database file while connections hold it open (and cannot
restore an in-memory database at all); copying pages through the backup API replaces the whole
database at once, under SQLite's own locking, as one step.
"""

import os
import sqlite3
import tempfile
from shutil import copyfileobj

from dbbackup.db.sqlite import SqliteBackupConnector


class SqliteBackupAPIConnector(SqliteBackupConnector):
    def restore_dump(self, dump):
        self.connection.ensure_connection()
        descriptor, path = tempfile.mkstemp(prefix="pina-restore-", suffix=".sqlite3")
        try:
            with os.fdopen(descriptor, "wb") as copy:
                dump.seek(0)
                copyfileobj(dump, copy)
            source = sqlite3.connect(path)
            try:
                source.backup(self.connection.connection)
            finally:
                source.close()
        finally:
            os.remove(path)
