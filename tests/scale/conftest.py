"""Fixtures of the scale-out tests: a database of their own, and nginx in front of two gunicorn
instances (2 workers each) of the same code, as `make scale-demo` runs them
(tests/scale/topology.py); nginx is the Debian package: without it these tests are skipped
locally, and fail in CI (CI set).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.scale import topology

EDITOR = ("scale-editor", "Scale-editor-password-1")
LOCKED_USER = ("scale-locked", "Scale-locked-password-1")  # the lockout test locks it out
POST_SLUG = "network-meets-in-tashkent"
POST_TITLE = "Network meets in Tashkent"
SIGNUP_RATE = 4  # accepted sign-ups an hour per address, in these processes
LOGIN_FAILURE_LIMIT = 3
# What Django tells nginx's front cache it may keep a public page for (as in production).
FRONT_CACHE_SECONDS = 1

SETUP_SCRIPT = f"""
from django.contrib.auth import get_user_model
from tests.news.factories import PostFactory
User = get_user_model()
if not User.objects.filter(username={EDITOR[0]!r}).exists():
    User.objects.create_superuser({EDITOR[0]!r}, "editor@example.org", {EDITOR[1]!r})
    User.objects.create_superuser({LOCKED_USER[0]!r}, "locked@example.org", {LOCKED_USER[1]!r})
    PostFactory(title_en={POST_TITLE!r}, slug={POST_SLUG!r})
"""


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/scale/" in str(item.fspath):
            item.add_marker(pytest.mark.scale)


def require(tool: str, found: bool) -> None:
    """Skip locally without the Debian package `tool`; in CI (CI set) that is a failure."""
    if found:
        return
    message = f"{tool} is not installed (apt-get install {tool}): scale-out test skipped"
    if os.environ.get("CI"):
        pytest.fail(message.replace("skipped", "cannot run in CI"), pytrace=False)
    pytest.skip(message)


def require_nginx() -> None:
    require("nginx", bool(topology.nginx_binary()))


class Database:
    """The database the processes share, and plain SQL to read it.

    PostgreSQL when DATABASE_URL names one (a database `<name>_topology`, created and dropped
    here), else a SQLite file that both instances open. Not pytest-django's test database: the
    processes under test need one they can all reach, and the tests read it with plain SQL.
    """

    def __init__(self, tmp: Path):
        url = os.environ.get("DATABASE_URL", "")
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            parts = urlsplit(url)
            # One per pytest-xdist worker: each runs its own processes.
            worker = os.environ.get("PYTEST_XDIST_WORKER", "")
            self.name = f"{parts.path.lstrip('/') or 'pina'}_topology{worker}"
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
            self._admin_url = urlunsplit(parts._replace(path="/postgres"))
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"', f'CREATE DATABASE "{self.name}"')
        else:
            self.path = tmp / "site.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _admin(self, *statements):
        import psycopg2

        connection = psycopg2.connect(self._admin_url)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        finally:
            connection.close()

    def query(self, sql: str, params=()) -> list[tuple]:
        if self.postgres:
            import psycopg2

            connection = psycopg2.connect(self.url)
            try:
                with connection.cursor() as cursor:
                    cursor.execute(sql.replace("?", "%s"), params)
                    return cursor.fetchall()
            finally:
                connection.close()
        connection = sqlite3.connect(self.path, timeout=20)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def drop(self):
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def scale_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("scale")


@pytest.fixture(scope="session")
def database(scale_dir):
    require_nginx()
    database = Database(scale_dir)
    yield database
    database.drop()


@pytest.fixture(scope="session")
def site_environment(database, scale_dir) -> dict:
    """What every instance runs with: production settings, the shared database cache (no
    REDIS_URL), page and fragment caches on, behind one proxy."""
    unset = ("REDIS_URL", "AWS_STORAGE_BUCKET_NAME")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    environment = topology.instance_environment(
        base,
        DATABASE_URL=database.url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_PAGE_CACHE="1",
        PAGE_FRONT_CACHE_SECONDS=str(FRONT_CACHE_SECONDS),
        PINA_INSTANCES="2",
        PINA_SHARED_MEDIA_ROOT="1",
        MEDIA_ROOT=str(scale_dir / "media"),
        PINA_PROXY_COUNT="1",
        CLIENT_IP_HEADER="X-Real-IP",
        PINA_REQUIRE_2FA="0",
        PINA_LOGIN_FAILURE_LIMIT=str(LOGIN_FAILURE_LIMIT),
        VOLUNTEER_SIGNUP_RATE=f"{SIGNUP_RATE}/h",
        VOLUNTEER_FORM_MIN_SECONDS="0",
        EMAIL_URL="dummymail://",
    )
    topology.manage(environment, "migrate", "--noinput")
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETUP_SCRIPT],
        cwd=topology.ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )
    return environment


@pytest.fixture(scope="session")
def site(site_environment, scale_dir):
    """nginx on 127.0.0.1 (deploy/nginx/pina.conf, its front cache on) in front of instances a
    and b (2 workers each)."""
    with topology.Topology(
        site_environment, scale_dir / "site", instances=2, workers=2, access_log=True
    ) as running:
        yield running
