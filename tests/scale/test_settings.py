"""In-process checks of the pieces the multi-instance site relies on (no processes started)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings

from pina.caching.database_cache import TABLE, DatabaseCache
from pina.ops.checks import instances_share_one_truth

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DATABASE = {"default": {"BACKEND": "pina.caching.database_cache.DatabaseCache", "LOCATION": TABLE}}
S3 = {
    "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "b"}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def error_ids() -> set[str]:
    return {error.id for error in instances_share_one_truth()}


@override_settings(PINA_INSTANCES=2, CACHES=LOCMEM, MEDIA_ROOT_SHARED=False)
def test_several_instances_refuse_a_process_local_cache_and_local_media():
    assert error_ids() == {"pina.E001", "pina.E002"}


@override_settings(PINA_INSTANCES=2, CACHES=DATABASE, MEDIA_ROOT_SHARED=True)
def test_several_instances_accept_the_database_cache_and_a_shared_media_root():
    assert error_ids() == set()


@override_settings(PINA_INSTANCES=2, CACHES=DATABASE, STORAGES=S3, MEDIA_ROOT_SHARED=False)
def test_several_instances_accept_object_storage():
    assert error_ids() == set()


@override_settings(PINA_INSTANCES=1, CACHES=LOCMEM, MEDIA_ROOT_SHARED=False)
def test_one_instance_may_use_anything():
    assert error_ids() == set()


@pytest.mark.django_db
def test_the_database_cache_counts_exactly_and_keeps_the_window():
    """django-ratelimit adds a counter for its window, then increments it: the increments must
    not move the expiry (Django's own incr() re-sets it to the default timeout)."""
    cache = DatabaseCache(TABLE, {"TIMEOUT": 300})
    assert cache.add("counter", 1, 3600)
    table = connection.ops.quote_name(TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {table}")  # noqa: S608
        (expires_before,) = cursor.fetchone()
        assert [cache.incr("counter") for _ in range(3)] == [2, 3, 4]
        cursor.execute(f"SELECT expires FROM {table}")  # noqa: S608
        assert cursor.fetchone()[0] == expires_before
    assert cache.get("counter") == 4
    assert cache.decr("counter", 2) == 2
    with pytest.raises(ValueError):
        cache.incr("missing")
