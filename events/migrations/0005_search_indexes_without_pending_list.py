"""The conferences' search indexes are updated on each write instead of through a pending
list that every search reads (PostgreSQL only; see
pina.search.operations.search_index_pending_list_operation)."""

from django.db import migrations

from pina.search.operations import search_index_pending_list_operation


class Migration(migrations.Migration):
    dependencies = [("events", "0004_conference_search_columns")]

    operations = [search_index_pending_list_operation("events", "Conference")]
