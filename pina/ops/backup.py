"""Backing up and restoring the whole site, database records and uploaded media, in one tar.gz
archive (pina-backup/manifest.json, pina-backup/data.json, pina-backup/media/...) that restores
on either database (docs/security.md, "Backups").
"""

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "pina-backup/1"
ROOT = "pina-backup"
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",  # lockouts and login attempts: security state of the moment, not site data
]


class BackupError(Exception):
    pass


def included_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in excluded_apps or meta.label_lower in excluded_models:
            continue
        yield model


def record_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in included_models()}


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def media_files(root: Path):
    """(relative posix path, absolute path) of every file under root, sorted."""
    if not root.exists():
        return []
    files = [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]
    return sorted((p.relative_to(root).as_posix(), p) for p in files)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_checksum(root: Path) -> str:
    """One SHA-256 over every media file's relative path and content."""
    digest = hashlib.sha256()
    for relative, path in media_files(Path(root)):
        digest.update(f"{relative}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def snapshot_transaction():
    """A transaction in which every query sees the same moment (REPEATABLE READ on PostgreSQL;
    SQLite transactions are serializable already)."""
    atomic = transaction.atomic()
    atomic.__enter__()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
    return atomic


def create_backup(output: Path) -> dict:
    """Write the archive to `output` (mode 0600: it holds personal data) and return its
    manifest.

    The database goes in as Django fixtures (dumpdata with natural foreign keys, primary keys
    kept), so an archive made on SQLite restores on PostgreSQL and the other way round. Content
    types and permissions are rebuilt by Django and referred to by name; sessions and
    login-attempt records are not site data and are left out. The manifest records the count of
    every model's rows, the applied migrations and a checksum of the media, and a restore checks
    all three.
    """
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="pina-backup-") as workdir:
        data_path = Path(workdir) / "data.json"
        atomic = snapshot_transaction()
        try:
            counts = record_counts()
            migrations = applied_migrations()
            call_command(
                "dumpdata",
                natural_foreign=True,
                exclude=EXCLUDED,
                output=str(data_path),
                verbosity=0,
            )
        finally:
            atomic.__exit__(None, None, None)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "counts": counts,
            "migrations": migrations,
            "media_files": len(media_files(media_root)),
            "media_sha256": media_checksum(media_root),
        }
        partial = output.with_name(output.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            encoded = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(f"{ROOT}/manifest.json")
            info.size = len(encoded)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(encoded))
            tar.add(data_path, arcname=f"{ROOT}/data.json")
            for relative, path in media_files(media_root):
                tar.add(path, arcname=f"{ROOT}/media/{relative}", recursive=False)
        partial.replace(output)  # a crash never leaves a truncated archive under the real name
    return manifest


def read_archive(archive: Path, into: Path) -> dict:
    """Extract safely (no absolute paths, links or device files) and check the manifest."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{archive} cannot be read as a backup archive: {error}") from error
    base = into / ROOT
    try:
        manifest = json.loads((base / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{archive} is not a PINA backup (no readable manifest).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    if not (base / "data.json").is_file():
        raise BackupError("The archive has no data.json.")
    if media_checksum(base / "media") != manifest["media_sha256"]:
        raise BackupError("The media in the archive do not match its checksum: damaged archive.")
    return manifest


def restore_backup(archive: Path) -> dict:
    """Replace the database records and the media with the archive's. All or nothing for the
    database (one transaction, checked against the manifest's counts); media are swapped in only
    after the database is restored."""
    archive = Path(archive)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    # Work next to MEDIA_ROOT so that moving the media in is a rename on the same disk.
    workdir = Path(tempfile.mkdtemp(prefix=".pina-restore-", dir=media_root.parent))
    try:
        manifest = read_archive(archive, workdir)
        call_command("migrate", interactive=False, verbosity=0)
        missing = set(manifest["migrations"]) - set(applied_migrations())
        if missing:
            raise BackupError(
                "The backup was made by a newer version of the site (unknown migrations: "
                + ", ".join(sorted(missing)[:5])
                + "). Update the code first."
            )
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(workdir / ROOT / "data.json"), verbosity=0)
            counts = record_counts()
            expected = {k: v for k, v in manifest["counts"].items() if k in counts}
            if counts != expected:
                wrong = {
                    k: (expected.get(k), counts.get(k))
                    for k in expected
                    if expected.get(k) != counts.get(k)
                }
                raise BackupError(f"Record counts differ after loading: {wrong}")
        swap_media(workdir / ROOT / "media", media_root, workdir)
        cache.clear()
        return manifest
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def swap_media(new_media: Path, media_root: Path, workdir: Path):
    """Move MEDIA_ROOT's current contents aside, move the restored ones in; put the old ones
    back if that fails."""
    old = workdir / "media-before-restore"
    old.mkdir()
    for entry in list(media_root.iterdir()):
        shutil.move(str(entry), old / entry.name)
    try:
        if new_media.exists():
            for entry in list(new_media.iterdir()):
                shutil.move(str(entry), media_root / entry.name)
    except OSError:
        for entry in list(media_root.iterdir()):
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in list(old.iterdir()):
            shutil.move(str(entry), media_root / entry.name)
        raise
