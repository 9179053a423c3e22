"""Settings and shapes that keep pages cheap: templates, connections, queries, compression."""

import pytest
from django.template import engines


def test_templates_are_compiled_once_per_process():
    loaders = engines["django"].engine.template_loaders
    assert [type(loader).__module__ for loader in loaders] == ["django.template.loaders.cached"]


def test_postgres_connections_persist_with_health_checks(settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] >= 60
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db
def test_home_page_content_is_a_cached_fragment_until_content_changes(
    client, django_assert_num_queries
):
    from pina.site.models import SiteSettings
    from tests.news.factories import PostFactory

    SiteSettings.current()  # exists, as on a live site (creating it bumps the content version)
    client.get("/en/")
    # Its sections (latest posts, conferences, the featured quote) are cached for every language.
    with django_assert_num_queries(0):
        assert client.get("/ru/").status_code == 200
    PostFactory(title_en="Fresh from the press")
    # Only its content: latest posts, upcoming and recent conferences, the featured quote.
    with django_assert_num_queries(4):
        assert "Fresh from the press" in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_html_is_compressed_for_clients_that_accept_it(client):
    plain = client.get("/en/")
    for accepted, coding in [("gzip", "gzip"), ("gzip, br", "br"), ("gzip, br, zstd", "zstd")]:
        response = client.get("/en/", HTTP_ACCEPT_ENCODING=accepted)
        assert response["Content-Encoding"] == coding
        assert len(response.content) < len(plain.content) / 2
        assert "accept-encoding" in response["Vary"].lower()
        assert "X-Noise" in response  # random-length padding against BREACH
    assert "Content-Encoding" not in plain


@pytest.mark.django_db
def test_ceiling_view_exists_only_for_the_benchmark(client, settings):
    assert client.get("/en/bench/ceiling/").status_code == 404
    settings.ROOT_URLCONF = "tests.bench.urls"
    response = client.get("/en/bench/ceiling/")
    assert response.status_code == 200
    assert response.content == b"PINA ceiling\n"


@pytest.mark.parametrize(
    ("redis_url", "cache", "expected"),
    [
        ("", "locmem", "False"),  # each process's own memory: never shared
        ("", "", "True"),  # no Redis: the database cache, shared by every process
        ("redis://127.0.0.1:6379/0", "", "True"),
    ],
)
def test_page_cache_is_on_in_production_only_with_a_shared_cache(redis_url, cache, expected):
    import os
    import subprocess
    import sys
    from pathlib import Path

    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_PAGE_CACHE", "REDIS_URL", "DJANGO_CACHE")
    }
    environ.update(DJANGO_DEBUG="0", REDIS_URL=redis_url, DJANGO_SETTINGS_MODULE="pina.settings")
    if cache:
        environ["DJANGO_CACHE"] = cache
    result = subprocess.run(
        [sys.executable, "-c", "import pina.settings as s; print(s.PAGE_CACHE_ENABLED)"],
        env=environ,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected
