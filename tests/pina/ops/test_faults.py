"""Faults: database unreachable, Redis down, media storage failing."""

import logging
import os
import time
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client, override_settings

from pina.site.models import SiteSettings
from tests.badinput.pages import assert_no_leak

from .servers import TcpProxy, fetch, gunicorn, site_environment, worker_pids

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (DATABASE_URL)")


def assert_health_check_down(response):
    """The load balancer's check: JSON, never a page, and a hint when to ask again."""
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["checks"]["database"] == "unavailable"


# A page that cannot be answered from any cache: it always reads the database.
DATABASE_BOUND_PAGE = "/en/search/?q=trafficking"


def assert_branded_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = assert_no_leak(response)
    assert "Temporarily unavailable" in body
    assert 'class="site-header"' in body
    return body


class TestDatabaseUnavailable:
    """In-process: the page a visitor gets while the database cannot be reached."""

    @pytest.mark.django_db
    def test_healthz_answers_ok_while_the_database_is_up(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json()["checks"]["database"] == "ok"

    @pytest.mark.django_db
    def test_a_failing_connection_gives_the_branded_503(self, client, editor):
        client.force_login(editor)
        client.get("/en/")  # the site settings are now cached: the home page may not need the DB
        with mock.patch.object(
            type(connections["default"]),
            "ensure_connection",
            side_effect=OperationalError("could not connect to server: Connection refused"),
        ):
            # The load balancer's check answers in JSON, no page.
            assert client.get("/healthz").status_code == 503
            for url in ("/admin/", "/admin/pina/sitesettings/1/change/"):
                assert_branded_503(client.get(url))
            response = client.get("/ru/")
            assert response.status_code in {200, 503}  # 200: served from the cache
            assert_no_leak(response)
        assert client.get("/healthz").status_code == 200
        assert client.get("/admin/").status_code == 200

    @pytest.mark.django_db
    def test_the_503_page_is_in_the_visitors_language(self, client):
        with mock.patch.object(
            type(connections["default"]), "ensure_connection", side_effect=OperationalError("down")
        ):
            cold = Client()
            from django.core.cache import cache

            cache.clear()
            response = cold.get("/ru/")
        assert response.status_code == 503
        assert '<html lang="ru">' in response.content.decode()

    @pytest.mark.django_db
    def test_a_database_failure_outside_the_view_is_also_a_503(self):
        client = Client(raise_request_exception=False)
        with mock.patch(
            "django.contrib.sessions.middleware.SessionMiddleware.process_response",
            side_effect=OperationalError("server closed the connection unexpectedly"),
        ):
            response = client.get("/en/")
        assert_branded_503(response)

    @pytest.mark.django_db
    def test_other_errors_stay_500_without_a_traceback(self):
        client = Client(raise_request_exception=False)
        with mock.patch("pina.site.home.HomeView.get", side_effect=ValueError("bug")):
            response = client.get("/en/")
        assert response.status_code == 500
        assert "Something went wrong" in assert_no_leak(response)

    @postgres_only
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_postgres_refusing_connections_gives_503_fast_and_recovers(self, client):
        settings_dict = connection.settings_dict
        real_port = settings_dict["PORT"]
        try:
            connection.close()
            settings_dict["PORT"] = "1"  # nothing listens there: connections are refused
            started = time.monotonic()
            response = client.get("/healthz")
            elapsed = time.monotonic() - started
            assert_health_check_down(response)
            assert elapsed < 1.0, elapsed
            connection.close()
            assert_branded_503(client.get(DATABASE_BOUND_PAGE))
            print(f"Connection refused: 503 in {elapsed:.3f} s")
        finally:
            settings_dict["PORT"] = real_port
            connection.close()
        assert client.get("/healthz").status_code == 200

    @postgres_only
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_a_server_that_never_answers_gives_503_after_the_connect_timeout(self, client):
        """A black-holed database (the TCP connection opens, nothing answers) is bounded by
        connect_timeout (2 s, libpq's minimum) instead of hanging the worker."""
        import socket

        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        settings_dict = connection.settings_dict
        real_host, real_port = settings_dict["HOST"], settings_dict["PORT"]
        try:
            connection.close()
            settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(silent.getsockname()[1])
            started = time.monotonic()
            response = client.get("/healthz")
            elapsed = time.monotonic() - started
            assert_health_check_down(response)
            assert elapsed < 4.0, elapsed
            print(f"Silent server: 503 in {elapsed:.3f} s")
        finally:
            settings_dict["HOST"], settings_dict["PORT"] = real_host, real_port
            connection.close()
            silent.close()
        assert client.get("/healthz").status_code == 200


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_running_site_survives_postgres_going_away_and_coming_back(tmp_path):
    """gunicorn with a persistent connection to PostgreSQL, through a proxy that is stopped and
    started like the database server: 503 within a second while it is down, and the same worker
    serves pages again once it is back."""
    SiteSettings.current()
    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    proxy.start()
    database_url = f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}"
    environment = site_environment(DATABASE_URL=database_url, MEDIA_ROOT=str(tmp_path))
    try:
        with gunicorn(environment, tmp_path / "gunicorn.log") as (base, master):
            assert fetch(base + "/healthz")[0] == 200
            assert fetch(base + "/en/")[0] == 200
            workers = worker_pids(master)
            assert len(workers) == 1

            proxy.stop()  # "PostgreSQL stopped"
            for _ in range(3):
                status, body, seconds = fetch(base + "/healthz")
                assert status == 503
                assert seconds < 1.0, seconds
                print(f"PostgreSQL down: 503 in {seconds:.3f} s")
                assert '"database": "unavailable"' in body and "Traceback" not in body
            status, body, _seconds = fetch(base + DATABASE_BOUND_PAGE)
            assert status == 503
            assert "Temporarily unavailable" in body and "Traceback" not in body
            status, body, _seconds = fetch(base + "/en/")
            assert status in {200, 503} and "Traceback" not in body

            proxy.start()  # "PostgreSQL started"
            status, _body, seconds = fetch(base + "/healthz")
            assert status == 200
            print(f"PostgreSQL back: 200 in {seconds:.3f} s, same worker")
            assert fetch(base + "/en/")[0] == 200
            assert worker_pids(master) == workers  # recovered without a restart
            assert master.poll() is None
        log = (tmp_path / "gunicorn.log").read_text()
        assert "Database unavailable, answered 503" in log
    finally:
        proxy.stop()


class TestRedisDown:
    DEAD_REDIS = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/4",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }

    @pytest.mark.django_db
    def test_pages_are_still_served_and_the_failure_is_logged(self, client, caplog):
        from pina.ops.logs import Throttle

        for item in logging.getLogger("pina.cache").filters:
            if isinstance(item, Throttle):
                item._last.clear()
        with (
            override_settings(
                CACHES=self.DEAD_REDIS,
                DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True,
                DJANGO_REDIS_LOGGER="pina.cache",
            ),
            caplog.at_level(logging.ERROR, logger="pina.cache"),
        ):
            started = time.monotonic()
            response = client.get("/en/")
            elapsed = time.monotonic() - started
            assert response.status_code == 200
            body = assert_no_leak(response)
            assert "PINA" in body and "Redis" not in body
            assert elapsed < 3, elapsed
            print(f"Redis down: page in {elapsed:.3f} s")
            assert client.get("/healthz").status_code == 200
        records = [r for r in caplog.records if r.name == "pina.cache"]
        assert records, "the Redis failure was not logged"
        # Throttled: one line, not one per cache call.
        assert len(records) == 1

    @pytest.mark.django_db
    def test_the_real_redis_is_used_when_it_is_up(self, client):
        live = {
            "default": {
                **self.DEAD_REDIS["default"],
                "LOCATION": "redis://127.0.0.1:6379/4",
                "KEY_PREFIX": "pina-hardening-tests",
            }
        }
        import redis

        try:
            redis.Redis.from_url("redis://127.0.0.1:6379/4", socket_connect_timeout=1).ping()
        except redis.RedisError:
            pytest.skip("no Redis on 127.0.0.1:6379")
        with override_settings(CACHES=live):
            from django.core.cache import cache

            client.get("/en/")
            assert cache.get(SiteSettings.CACHE_KEY) is not None
            cache.clear()


class TestStorageFailureInTheAdmin:
    URL = "/admin/pina/sitesettings/1/change/"

    @pytest.mark.django_db
    @pytest.mark.parametrize(
        "failure",
        [
            lambda: OSError(28, "No space left on device"),
            lambda: __import__("botocore.exceptions").exceptions.ClientError(
                {"Error": {"Code": "SlowDown", "Message": "Please reduce your request rate."}},
                "PutObject",
            ),
        ],
        ids=["disk-full", "s3-refused"],
    )
    def test_the_editor_gets_a_message_and_nothing_is_half_saved(self, client, superuser, failure):
        from django.contrib.admin.models import LogEntry

        SiteSettings.current()
        client.force_login(superuser)
        form = client.get(self.URL).context["adminform"].form
        data = {name: form.initial.get(name) or "" for name in form.fields}
        data["site_name_en"] = "Changed name"
        with mock.patch.object(SiteSettings, "save", side_effect=failure()):
            response = client.post(self.URL, data)
        assert response.status_code == 302
        assert response["Location"] == self.URL
        page = client.get(self.URL).content.decode()
        assert "could not be stored, so nothing was saved" in page
        assert SiteSettings.objects.get().site_name_en == "PINA"
        assert not LogEntry.objects.exists()

    @pytest.mark.django_db
    def test_without_a_fault_the_same_form_saves(self, client, superuser):
        SiteSettings.current()
        client.force_login(superuser)
        form = client.get(self.URL).context["adminform"].form
        data = {name: form.initial.get(name) or "" for name in form.fields}
        data["site_name_en"] = "Changed name"
        response = client.post(self.URL, data)
        assert response.status_code == 302
        assert SiteSettings.objects.get().site_name_en == "Changed name"
