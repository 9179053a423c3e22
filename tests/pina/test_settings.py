import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils.module_loading import import_string
from whitenoise.storage import CompressedManifestStaticFilesStorage

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x9" * 30 + "production-like-secret-value",
        DJANGO_ALLOWED_HOSTS="pina.example.org",
        BACKUP_GPG_PUBLIC_KEY="/etc/pina/backup-key.asc",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_backup_key_adds_the_daily_backup_to_the_scheduler():
    show = "from django.conf import settings; print(settings.SCHEDULED_COMMANDS[-1])"
    without = _run_manage("shell", "-c", show, DJANGO_DEBUG="1", BACKUP_GPG_PUBLIC_KEY="")
    assert "backup_site" not in without.stdout, without.stderr
    keyed = _run_manage(
        "shell", "-c", show, DJANGO_DEBUG="1", BACKUP_GPG_PUBLIC_KEY="/etc/pina/key.asc"
    )
    assert "('backup_site', [], 86400)" in keyed.stdout, keyed.stderr


def test_missing_secret_key_is_a_clear_error():
    result = _run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    assert "Traceback" in result.stderr or "ImproperlyConfigured" in result.stderr


def test_settings_follow_the_environment(settings):
    from django.db import connection

    assert settings.TIME_ZONE == "Asia/Tashkent"
    assert settings.DEBUG is False
    assert connection.vendor in {"sqlite", "postgresql"}
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    expected = "postgresql" if on_postgres else "sqlite"
    assert connection.vendor == expected


def test_redis_url_selects_the_redis_cache():
    result = _run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        DJANGO_DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/5",
    )
    assert result.stdout.strip().splitlines()[-1] == "django_redis.cache.RedisCache"


def test_static_files_are_hashed_and_compressed_in_production():
    result = _run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="y" * 60,
    )
    backend = result.stdout.strip().splitlines()[-1]
    assert backend == "pina.site.staticfiles.ManifestStaticFilesStorage"
    # The project's storage only narrows how CSS url()s are rewritten: hashing and the gzip and
    # Brotli copies stay WhiteNoise's.
    assert issubclass(import_string(backend), CompressedManifestStaticFilesStorage)
