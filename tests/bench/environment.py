"""The benchmark's own environment (its database, production settings, a throwaway secret),
computed before Django reads its settings so that the bench process and the gunicorn servers it
starts see the same configuration, and never the developer's database.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent.parent
WORK_DIR = BASE_DIR / ".bench"

SQLITE_SCHEMES = ("sqlite", "spatialite")


def bench_database_url(environ: dict) -> str:
    """`BENCH_DATABASE_URL`, else `DATABASE_URL` with `_bench` added to the database name, else
    a SQLite file under .bench/ (also when DATABASE_URL is SQLite: never the site's file)."""
    explicit = environ.get("BENCH_DATABASE_URL", "").strip()
    if explicit:
        return explicit
    base = environ.get("DATABASE_URL", "").strip()
    if not base or base.split(":", 1)[0] in SQLITE_SCHEMES:
        return f"sqlite:///{WORK_DIR / 'bench.sqlite3'}"
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "pina"
    if not name.endswith("_bench"):
        name = f"{name}_bench"
    return urlunsplit(parts._replace(path=f"/{name}"))


def bench_environment(environ: dict | None = None) -> dict:
    """The variables the bench process and its servers run with (docs/benchmarks.md, "Settings
    of `make bench`")."""
    environ = dict(os.environ if environ is None else environ)
    overrides = {
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DATABASE_URL": bench_database_url(environ),
        "DJANGO_DEBUG": "0",
        "SITE_URL": environ.get("BENCH_SITE_URL", "http://127.0.0.1:8000"),
        # A secret for this run only: the bench site holds nothing worth protecting.
        "DJANGO_SECRET_KEY": environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Plain HTTP on the loopback: no TLS proxy in front, so no HTTPS redirect.
        "DJANGO_HTTPS": "0",
        "DJANGO_STATIC_MANIFEST": "1",
        "DJANGO_STATIC_ROOT": str(WORK_DIR / "static"),
        "MEDIA_ROOT": str(WORK_DIR / "media"),
        "DJANGO_SERVE_MEDIA": "1",
        "DJANGO_PAGE_CACHE": "0",
        "CACHE_KEY_PREFIX": "pina-bench",
        "DJANGO_LOG_LEVEL": "WARNING",
        "EMAIL_URL": environ.get("BENCH_EMAIL_URL", "dummymail://"),
        # Every simulated visitor comes from 127.0.0.1: the per-address limits stay on (their
        # cost is part of a sign-up) but are raised for this site only.
        "RATELIMIT_ENABLE": environ.get("BENCH_RATELIMIT", "1"),
        "VOLUNTEER_SIGNUP_RATE": "1000000/h",
        "VOLUNTEER_FORM_POST_RATE": "1000000/h",
        # wrk cannot solve the challenge a busy address meets; its cost is measured apart (the
        # venue step, with the shipped limits).
        "VOLUNTEER_CHALLENGE_AFTER": "1000000",
        # As on a real site, someone is told of each application.
        "VOLUNTEER_COORDINATOR_EMAILS": "coordinators@example.org",
        # The volunteer form refuses submissions sent sooner than a person could type them.
        "VOLUNTEER_FORM_MIN_SECONDS": "0",
        # wrk sends the same form body (one stamp) for every sign-up of a run.
        "VOLUNTEER_FORM_STAMP_SINGLE_USE": "0",
    }
    environ.update(overrides)
    return environ


def ensure_database(url: str) -> str:
    """Create the bench database if it is missing. Returns a short description of it."""
    import environ as django_environ

    config = django_environ.Env.db_url_config(url)
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        return f"SQLite file {config['NAME']}"
    if "postgresql" not in engine:
        return f"{engine} database {config['NAME']} (create it yourself)"
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        connect_timeout=5,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    finally:
        connection.close()
    return f"PostgreSQL database {config['NAME']}"
