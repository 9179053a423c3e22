"""GIN indexes for the full-text search of posts, one per language (PostgreSQL only)."""

from django.db import migrations

from pina.search.operations import search_index_operation

# The fields and weights of news.models.PostQuerySet.search_fields when this migration was written.
SEARCH_FIELDS = {"title": "A", "lead": "B", "body": "C"}


class Migration(migrations.Migration):
    dependencies = [("news", "0002_editors_permissions")]

    operations = [search_index_operation("news", "Post", SEARCH_FIELDS)]
