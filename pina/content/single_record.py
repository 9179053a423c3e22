"""Models of which the site keeps exactly one record (the site settings, the volunteer page
texts, the privacy notice): its primary key is always 1, `current()` returns it, created with
its defaults the first time, and caches it under the model's `CACHE_KEY` and, with the fragment
cache on, under the content version (pina.caching.fragments) like any value every page shows.
Saving or deleting the record clears its key; the content version, which its app must be one of
PAGE_CACHE_CONTENT_APPS for, makes the fragment stale.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import models

from pina.caching.fragments import remember

# An hour: the key is cleared on every save, so this only bounds what is kept unused.
RECORD_CACHE_SECONDS = 3600


class SingleRecord(models.Model):
    """One record per model (pk 1), read through `current()`; it declares no fields of its own,
    so a model moving onto it keeps its table."""

    # Set by every concrete model, distinct: where its record is cached.
    CACHE_KEY = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    def delete(self, *args, **kwargs):
        cache.delete(self.CACHE_KEY)
        return super().delete(*args, **kwargs)

    @classmethod
    def default_values(cls) -> dict:
        """Field values the record is created with, beyond the fields' own defaults."""
        return {}

    @classmethod
    def current(cls):
        """The record, from the cache when possible; created with the defaults if missing."""
        return remember(cls.CACHE_KEY, cls._load)

    @classmethod
    def _load(cls):
        record = cache.get(cls.CACHE_KEY)
        if record is None:
            record, _created = cls.objects.get_or_create(pk=1, defaults=cls.default_values())
            cache.set(cls.CACHE_KEY, record, RECORD_CACHE_SECONDS)
        return record
