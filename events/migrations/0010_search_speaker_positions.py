"""Stored search vectors, one per language with its GIN index (PostgreSQL only), for the
positions and ranks speakers held at each conference, so the site search finds a person by the
position they spoke in (issue 16)."""

from django.db import migrations

from pina.search.operations import search_column_operation, search_index_pending_list_operation

# The fields and weights of SpeakerQuerySet.search_fields in events.models when this was written.
SPEAKER_FIELDS = {"position": "B", "rank": "C"}


class Migration(migrations.Migration):
    dependencies = [("events", "0009_quote_language")]

    operations = [
        search_column_operation("events", "Speaker", SPEAKER_FIELDS),
        search_index_pending_list_operation("events", "Speaker"),
    ]
