"""Stored search vectors for posts, one per language, with GIN indexes (PostgreSQL only): they
replace the expression indexes of 0003, so a search no longer rebuilds each row's vector to rank
it, and Uzbek apostrophes are unified in the documents.
"""

from django.db import migrations

from pina.search.operations import search_column_operation, search_index_operation

# The fields and weights of news.models.PostQuerySet.search_fields when this migration was written.
SEARCH_FIELDS = {"title": "A", "lead": "B", "body": "C"}


class Migration(migrations.Migration):
    dependencies = [("news", "0005_post_visible_index_with_id")]

    operations = [
        search_index_operation("news", "Post", SEARCH_FIELDS, reverse=True),
        search_column_operation("news", "Post", SEARCH_FIELDS),
    ]
