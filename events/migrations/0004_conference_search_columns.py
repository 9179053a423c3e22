"""Stored search vectors for conferences, one per language, with GIN indexes (PostgreSQL only):
they replace the expression indexes of 0003, so a search no longer rebuilds each row's vector to
rank it, and Uzbek apostrophes are unified in the documents.
"""

from django.db import migrations

from pina.search.operations import search_column_operation, search_index_operation

# The fields and weights of events.models.ConferenceQuerySet.search_fields when this migration was written.
SEARCH_FIELDS = {"title": "A", "lead": "B", "body": "C"}


class Migration(migrations.Migration):
    dependencies = [("events", "0003_search_indexes")]

    operations = [
        search_index_operation("events", "Conference", SEARCH_FIELDS, reverse=True),
        search_column_operation("events", "Conference", SEARCH_FIELDS),
    ]
