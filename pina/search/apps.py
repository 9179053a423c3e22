from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

from pina.search.sqlite import register_functions


class SearchConfig(AppConfig):
    name = "pina.search"
    label = "pina_search"
    verbose_name = "Search"

    def ready(self):
        # The SQLite search compares folded, stemmed words with a Python function.
        connection_created.connect(register_functions, dispatch_uid="pina_sqlite_words")
        # A language added to settings.LANGUAGES gets its stored search vectors on PostgreSQL.
        from pina.search.languages import add_search_columns_after_migrate

        post_migrate.connect(
            add_search_columns_after_migrate, sender=self, dispatch_uid="pina_search_languages"
        )
