"""Stored search vectors, one per language with its GIN index (PostgreSQL only), for the people,
quotes and organizations the site search now finds (issue 16), without pending lists as 0005
made the conferences' ones.
"""

from django.db import migrations

from pina.search.operations import search_column_operation, search_index_pending_list_operation

# The fields and weights of the QuerySets' search_fields in events.models when this was written.
PERSON_FIELDS = {"full_name": "A", "bio": "C"}
QUOTE_FIELDS = {"text": "B"}
ORGANIZATION_FIELDS = {"name": "A", "acronym": "A", "description": "C"}


class Migration(migrations.Migration):
    dependencies = [("events", "0007_organization_former_names")]

    operations = [
        search_column_operation("events", "Person", PERSON_FIELDS),
        search_index_pending_list_operation("events", "Person"),
        search_column_operation("events", "Quote", QUOTE_FIELDS),
        search_index_pending_list_operation("events", "Quote"),
        search_column_operation("events", "Organization", ORGANIZATION_FIELDS),
        search_index_pending_list_operation("events", "Organization"),
    ]
