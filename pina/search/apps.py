from django.apps import AppConfig
from django.db.backends.signals import connection_created

from pina.search.sqlite import register_functions


class SearchConfig(AppConfig):
    name = "pina.search"
    label = "pina_search"
    verbose_name = "Search"

    def ready(self):
        # The SQLite search compares folded, stemmed words with a Python function.
        connection_created.connect(register_functions, dispatch_uid="pina_sqlite_words")
