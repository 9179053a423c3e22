"""GIN indexes for the full-text search of conferences, one per language (PostgreSQL only)."""

from django.db import migrations

from pina.search.operations import search_index_operation

# The fields and weights of events.models.ConferenceQuerySet.search_fields when this migration was written.
SEARCH_FIELDS = {"title": "A", "lead": "B", "body": "C"}


class Migration(migrations.Migration):
    dependencies = [("events", "0002_editors_permissions")]

    operations = [search_index_operation("events", "Conference", SEARCH_FIELDS)]
