"""The anonymous page cache (pina/caching/page_cache.py): what it serves, what it never stores."""

import logging
import re

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import Client

from pina.caching import page_cache, version
from pina.site.models import SiteSettings

from . import urls as test_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.pina.caching.urls")]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    test_urls.calls["count"] = 0
    # Created on the first page view otherwise, which (rightly) bumps the version mid-request.
    SiteSettings.current()


def test_second_request_is_served_from_the_cache_without_sql(client, django_assert_num_queries):
    first = client.get("/en/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/en/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_an_edit_is_visible_on_the_next_request(client):
    assert "Old tagline" not in client.get("/en/").content.decode()
    assert client.get("/en/")["X-Page-Cache"] == "hit"
    record = SiteSettings.current()
    record.tagline_en = "Old tagline"
    record.save()
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "miss"
    assert "Old tagline" in response.content.decode()


def test_deleting_content_invalidates_too(client):
    client.get("/en/")
    SiteSettings.current().delete()
    assert client.get("/en/")["X-Page-Cache"] == "miss"


def test_each_language_has_its_own_page(client):
    english = client.get("/en/")
    russian = client.get("/ru/")
    assert russian["X-Page-Cache"] == "miss"
    assert '<html lang="ru">' in russian.content.decode()
    assert client.get("/ru/").content == russian.content
    assert client.get("/en/").content == english.content


def test_language_is_part_of_the_key_for_pages_without_a_prefix(rf):
    english = rf.get("/robots.txt", HTTP_ACCEPT_LANGUAGE="en")
    russian = rf.get("/robots.txt", HTTP_ACCEPT_LANGUAGE="ru")
    assert page_cache.page_key(english) != page_cache.page_key(russian)
    assert page_cache.page_key(rf.get("/en/news/?page=2")) != page_cache.page_key(
        rf.get("/en/news/")
    )


def test_full_url_is_the_key(client):
    client.get("/test/counted/?page=1")
    client.get("/test/counted/?page=2")
    assert test_urls.calls["count"] == 2
    assert "rendered 2 times" in client.get("/test/counted/?page=2").content.decode()
    assert test_urls.calls["count"] == 2


def test_head_is_served_from_the_page_a_get_stored(client):
    client.get("/test/counted/")
    response = client.head("/test/counted/")
    assert response["X-Page-Cache"] == "hit"
    assert test_urls.calls["count"] == 1


def test_posts_are_never_cached_nor_answered_from_the_cache(client):
    client.get("/test/counted/")
    response = client.post("/test/counted/")
    assert response.content.decode() == "posted 2"
    assert "X-Page-Cache" not in response
    assert client.get("/test/counted/")["X-Page-Cache"] == "hit"


def test_logged_in_users_are_never_served_nor_stored(client, editor):
    anonymous = client.get("/en/")
    client.force_login(editor)
    for _ in range(2):
        response = client.get("/en/")
        assert "X-Page-Cache" not in response
    assert anonymous["X-Page-Cache"] == "miss"
    client.logout()
    client.cookies.clear()
    assert client.get("/en/")["X-Page-Cache"] == "hit"


def test_pending_flash_message_bypasses_the_cache(client):
    client.get("/test/counted/")
    client.cookies["messages"] = "something"
    assert "X-Page-Cache" not in client.get("/test/counted/")


@pytest.mark.parametrize(
    "path", ["/test/cookie/", "/test/private/", "/test/exempt/", "/test/vary/", "/en/nothing/"]
)
def test_responses_that_must_not_be_shared_are_not_stored(client, path):
    for _ in range(2):
        response = client.get(path)
        assert "X-Page-Cache" not in response


def test_admin_is_never_cached(client):
    for _ in range(2):
        response = client.get("/admin/login/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


def test_form_with_csrf_token_is_not_cached_and_its_token_works():
    client = Client(enforce_csrf_checks=True)
    tokens = []
    for _ in range(2):
        response = client.get("/test/form/")
        assert "X-Page-Cache" not in response
        assert "csrftoken" in response.cookies
        html = response.content.decode()
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1])
    assert tokens[0] != tokens[1]  # masked afresh for each response (BREACH)
    posted = client.post("/test/form/", {"csrfmiddlewaretoken": tokens[1], "name": "Aziza"})
    assert posted.status_code == 200
    assert posted.content == b"thanks Aziza"


def test_compressed_pages_are_stored_per_encoding(client):
    brotli = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert brotli["Content-Encoding"] == "br"
    again = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert again["X-Page-Cache"] == "hit"
    assert again["Content-Encoding"] == "br"
    assert again.content == brotli.content
    plain = client.get("/en/")
    assert plain["X-Page-Cache"] == "miss"
    assert "Content-Encoding" not in plain
    assert client.get("/en/", HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"


def test_encoding_class_never_offers_what_the_client_refused():
    from django.test import RequestFactory

    rf = RequestFactory()
    klass = page_cache._encoding_class
    assert klass(rf.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")) == "br+gzip+zstd"
    assert klass(rf.get("/", HTTP_ACCEPT_ENCODING="gzip;q=1.0, br;q=0")) == "gzip"
    assert klass(rf.get("/", HTTP_ACCEPT_ENCODING="identity")) == "identity"
    assert klass(rf.get("/")) == "identity"


def test_turned_off_nothing_is_stored(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    for _ in range(2):
        assert "X-Page-Cache" not in client.get("/en/")


def test_the_version_lives_in_the_shared_cache(client):
    client.get("/test/counted/")
    # Another process bumping the version in the shared cache makes this one re-render.
    cache.incr(version.VERSION_KEY)
    assert client.get("/test/counted/")["X-Page-Cache"] == "miss"


def test_a_lost_version_never_revives_old_pages(client):
    client.get("/test/counted/")
    old = version.current_version()
    cache.delete(version.VERSION_KEY)
    assert client.get("/test/counted/")["X-Page-Cache"] == "miss"
    assert version.current_version() != old


def test_management_command_invalidates(client, capsys):
    client.get("/test/counted/")
    call_command("invalidate_page_cache")
    assert "stale" in capsys.readouterr().out
    assert client.get("/test/counted/")["X-Page-Cache"] == "miss"


def test_saving_other_apps_models_keeps_the_cache(client, django_user_model):
    client.get("/test/counted/")
    django_user_model.objects.create_user("someone")
    assert client.get("/test/counted/")["X-Page-Cache"] == "hit"


def test_ignored_models_keep_the_cache(client, settings):
    settings.PAGE_CACHE_IGNORED_MODELS = ["pina.SiteSettings"]
    client.get("/test/counted/")
    SiteSettings.current().save()
    assert client.get("/test/counted/")["X-Page-Cache"] == "hit"


def test_many_to_many_changes_invalidate(client, settings, django_user_model):
    from django.contrib.auth.models import Group

    settings.PAGE_CACHE_CONTENT_APPS = ["auth"]
    user = django_user_model.objects.create_user("someone")
    client.get("/test/counted/")
    user.groups.add(Group.objects.create(name="Readers"))
    assert client.get("/test/counted/")["X-Page-Cache"] == "miss"


def test_many_to_many_links_of_an_ignored_model_keep_the_cache(client, settings, django_user_model):
    from django.contrib.auth.models import Group

    settings.PAGE_CACHE_CONTENT_APPS = ["auth"]
    settings.PAGE_CACHE_IGNORED_MODELS = ["auth.User"]
    user = django_user_model.objects.create_user("someone")
    client.get("/test/counted/")
    user.groups.add(Group.objects.create(name="Readers"))  # the group's save bumps...
    client.get("/test/counted/")
    user.groups.add(Group.objects.create(name="Writers"))
    group = Group.objects.get(name="Writers")
    client.get("/test/counted/")
    user.groups.remove(group)  # ...the link alone does not
    assert client.get("/test/counted/")["X-Page-Cache"] == "hit"


def test_a_change_inside_a_transaction_bumps_again_on_commit(django_capture_on_commit_callbacks):
    before = version.current_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        SiteSettings.current().save()
    assert len(callbacks) == 1
    assert version.current_version() == before + 2


class BrokenCache:
    """Stands in for a cache server that stopped."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache server is down")

        return fail


@pytest.fixture
def broken_page_cache(monkeypatch):
    monkeypatch.setattr(page_cache, "shared_cache", BrokenCache)
    monkeypatch.setattr(version, "shared_cache", BrokenCache)


def test_broken_cache_serves_from_the_database_and_logs(client, broken_page_cache, caplog):
    version.log_cache_error.last = 0.0
    with caplog.at_level(logging.ERROR, logger="pina.caching"):
        for _ in range(3):
            response = client.get("/en/")
            assert response.status_code == 200
            assert "PINA" in response.content.decode()
    errors = [r for r in caplog.records if r.name == "pina.caching"]
    assert len(errors) == 1  # throttled: not once per request
    assert "cache server is down" in errors[0].getMessage()


def test_broken_cache_does_not_break_saving_content(broken_page_cache):
    record = SiteSettings.current()
    record.tagline_en = "Saved while the cache is down"
    record.save()
    assert SiteSettings.objects.get().tagline_en == "Saved while the cache is down"


def test_stopped_redis_serves_pages(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "stopped-redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on the discard port: every call fails at once.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    settings.PAGE_CACHE_ALIAS = "stopped-redis"
    try:
        for _ in range(2):
            response = client.get("/en/")
            assert response.status_code == 200
            assert "X-Page-Cache" not in response
    finally:
        caches["stopped-redis"].close()


def test_made_up_parameters_store_nothing_and_the_signup_limit_still_holds(client, settings):
    """A flood of made-up addresses is served the stored page and stores nothing new; the
    rate-limit counters live in their own cache, so even a default cache culled to the last
    entry keeps the sign-up limit."""
    from tests.badinput.test_volunteer_form import valid_data

    settings.VOLUNTEER_FORM_MIN_SECONDS = 0
    settings.VOLUNTEER_FORM_POST_RATE = "3/h"
    pages = caches["default"]
    for _attempt in range(3):
        client.post("/en/volunteer/", {**valid_data(), "full_name": ""})  # invalid: counted
    assert client.get("/en/news/")["X-Page-Cache"] == "miss"
    stored = len(pages._cache)
    for number in range(300):
        response = client.get(f"/en/news/?utm_content={number}")
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "hit"
    assert len(pages._cache) == stored
    # Whatever evicts pages (a full cache) leaves the counters where they are.
    pages.clear()
    response = client.post("/en/volunteer/", valid_data())
    assert response.status_code == 429


def test_declared_parameters_still_make_their_own_pages(client):
    client.get("/en/news/?page=1")
    assert client.get("/en/news/?page=1&utm_source=x")["X-Page-Cache"] == "hit"
