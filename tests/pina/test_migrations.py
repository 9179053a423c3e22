"""Every migration of the project's apps can be undone, or says why not.

The full round trip on a database with demo content (every app to zero and forward again, on
SQLite and PostgreSQL) is `.ci/migrations-roundtrip`, run by CI; this test catches a missing
reverse_code as soon as the migration is written.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[2]


def project_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    local = {
        config.label
        for config in apps.get_app_configs()
        if (Path(settings.BASE_DIR) / config.name.split(".")[0]).is_dir()
        and "site-packages" not in str(config.path)
    }
    return [m for (app, _name), m in loader.disk_migrations.items() if app in local]


def test_project_apps_are_found():
    labels = {migration.app_label for migration in project_migrations()}
    assert "pina" in labels


def test_every_operation_is_reversible_or_the_migration_says_why():
    irreversible = []
    for migration in project_migrations():
        reason = getattr(migration, "irreversible_reason", "")
        for operation in migration.operations:
            if not operation.reversible and not reason:
                irreversible.append(f"{migration.app_label}.{migration.name}: {operation!r}")
    assert not irreversible, (
        "Give these operations a reverse (RunPython(..., reverse_code=...), RunSQL(...,"
        " reverse_sql=...)) or set `irreversible_reason = '...'` on the Migration class:\n"
        + "\n".join(irreversible)
    )


def test_ci_runs_the_round_trip_on_both_databases():
    script = (ROOT / ".ci" / "run").read_text()
    assert script.count(".ci/migrations-roundtrip") == 2
    assert 'DATABASE_URL="sqlite:///' in script and 'DATABASE_URL="postgres://' in script
