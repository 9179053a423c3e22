"""Backing up and restoring the whole site (docs/security.md, "Backups"). A backup is a *set*,
a folder `pina-YYYYmmdd-HHMMSS/` in the backup storage (`STORAGES["dbbackup"]`: a local folder
or an S3 bucket, off the server) holding three files, each encrypted with GnuPG to the public
key from `BACKUP_GPG_PUBLIC_KEY`: the database dump (django-dbbackup: pg_dump's custom format,
or SQLite's backup API), the media (django-dbbackup's media archive, read through Django's
storage, so media on S3 are included) and a manifest (row counts, applied migrations, each
media file's SHA-256, each encrypted file's SHA-256). The manifest is written last: a set
without one is incomplete and never restored. Restoring checks the set against its manifest
before changing anything and the database and media against it afterwards; only the newest
`BACKUP_KEEP` complete sets are kept.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import gnupg
from dbbackup.db.base import get_connector
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "pina-backup/2"
SET_NAME = re.compile(r"^pina-\d{8}-\d{6}$")
MANIFEST = "manifest.json.gpg"
MEDIA = "media.tar.gpg"
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
]


class BackupError(Exception):
    pass


def included_models():
    """The models whose rows a restore must bring back exactly (content types, permissions and
    sessions are rebuilt or disposable; login attempts are the security state of the moment)."""
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


def sqlite_dump_counts(path: Path) -> dict[str, int]:
    """The same counts read from an SQLite dump file: exactly what the dump holds."""
    dump = sqlite3.connect(path)
    try:
        return {
            model._meta.label_lower: dump.execute(
                f'SELECT COUNT(*) FROM "{model._meta.db_table}"'  # noqa: S608 - model tables
            ).fetchone()[0]
            for model in included_models()
        }
    finally:
        dump.close()


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tar_hashes(path: Path) -> dict[str, str]:
    """{member name: SHA-256} of every file in a media archive."""
    hashes = {}
    with tarfile.open(path, mode="r:") as tar:
        for member in tar:
            if member.isfile():
                hashes[member.name] = hashlib.sha256(tar.extractfile(member).read()).hexdigest()
    return hashes


def storage_files(storage: Storage, path: str = ""):
    directories, files = storage.listdir(path)
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from storage_files(storage, f"{path}/{directory}" if path else directory)


def media_hashes() -> dict[str, str]:
    """{name: SHA-256} of every file in the media storage (local or S3), read through it."""
    hashes = {}
    for name in storage_files(default_storage):
        digest = hashlib.sha256()
        with default_storage.open(name, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        hashes[name] = digest.hexdigest()
    return hashes


# --- Encryption -----------------------------------------------------------------------------------


def public_key() -> str | bytes:
    """The public key from BACKUP_GPG_PUBLIC_KEY: the armoured key, the path of a file holding
    it, or the key in base64 on one line (`gpg --export KEY | base64 -w0`: an .env file holds
    one line per variable)."""
    value = (settings.BACKUP_GPG_PUBLIC_KEY or "").strip()
    if not value:
        raise BackupError(
            "BACKUP_GPG_PUBLIC_KEY is not set: backups are only written encrypted "
            "(docs/security.md, 'Backups')."
        )
    if value.startswith("-----BEGIN PGP PUBLIC KEY BLOCK-----"):
        return value
    if value.startswith(("/", ".")) or os.path.exists(value):
        try:
            return Path(value).read_bytes()
        except OSError as error:
            message = f"BACKUP_GPG_PUBLIC_KEY: cannot read the key file {value}."
            raise BackupError(message) from error
    try:
        return base64.b64decode(value, validate=True)
    except ValueError as error:
        raise BackupError(
            "BACKUP_GPG_PUBLIC_KEY is neither an armoured key, a key file nor a base64 key."
        ) from error


@contextlib.contextmanager
def encryptor():
    """A function encrypting one file into another to the configured key. The key is imported
    into a key ring of its own for this run (no key ring to keep on the server or in the
    image) and trusted because the operator named it."""
    with tempfile.TemporaryDirectory(prefix="pina-gpg-") as home:
        gpg = gnupg.GPG(gnupghome=home)
        imported = gpg.import_keys(public_key())
        if not imported.fingerprints:
            raise BackupError("BACKUP_GPG_PUBLIC_KEY holds no usable public key.")
        recipients = list(imported.fingerprints)

        def encrypt(source: Path, target: Path):
            with open(source, "rb") as handle:
                result = gpg.encrypt_file(
                    handle, recipients, output=str(target), armor=False, always_trust=True
                )
            if not result.ok:
                raise BackupError(f"Encryption failed: {result.status}")

        yield encrypt


def decrypt(source: Path, target: Path, passphrase: str | None = None):
    """With the private key from the operator's key ring (BACKUP_GPG_HOME, or GnuPG's default)."""
    gpg = gnupg.GPG(gnupghome=settings.BACKUP_GPG_HOME or None)
    with open(source, "rb") as handle:
        result = gpg.decrypt_file(handle, passphrase=passphrase, output=str(target))
    if not result.ok:
        raise BackupError(
            f"{source.name} cannot be decrypted ({result.status or 'no secret key'}): the "
            "private key of BACKUP_GPG_PUBLIC_KEY must be in the key ring (BACKUP_GPG_HOME)."
        )


# --- Sets in the backup storage -------------------------------------------------------------------


def backup_storage() -> Storage:
    return storages["dbbackup"]


def storage_for(location: str | None) -> tuple[Storage, str | None]:
    """A set named in the backup storage, or a set's folder on this machine (copied back from
    off-site): the storage to read it from and its name."""
    if location and os.path.isdir(location):
        folder = Path(location).resolve()
        return FileSystemStorage(location=str(folder.parent)), folder.name
    return backup_storage(), location


def complete_sets(storage: Storage) -> list[str]:
    """Names of the sets that have a manifest, oldest first."""
    try:
        directories, _files = storage.listdir("")
    except FileNotFoundError:
        return []
    return sorted(
        name
        for name in directories
        if SET_NAME.match(name) and storage.exists(f"{name}/{MANIFEST}")
    )


def prune(storage: Storage, keep: int) -> list[str]:
    """Delete all but the newest `keep` complete sets, each as a whole (never a dump without
    its media), and incomplete sets older than the newest complete one."""
    complete = complete_sets(storage)
    if not complete:
        return []
    kept = set(complete[-keep:]) if keep > 0 else set(complete)
    directories, _files = storage.listdir("")
    removed = []
    for name in sorted(directories):
        if not SET_NAME.match(name) or name in kept or name > complete[-1]:
            continue
        for file_name in storage_files(storage, name):
            storage.delete(file_name)
        if isinstance(storage, FileSystemStorage):
            with contextlib.suppress(OSError):
                os.rmdir(storage.path(name))
        removed.append(name)
    return removed


@dataclass
class BackupResult:
    name: str
    manifest: dict
    removed: list[str]


def dump_database(into: Path) -> tuple[Path, dict, list[str]]:
    """The dump (django-dbbackup's connector), the row counts and the migrations of exactly the
    moment it was taken: on PostgreSQL pg_dump shares this transaction's exported snapshot; on
    SQLite the counts are read from the dump itself."""
    connector = get_connector()
    path = into / f"database.{connector.extension}"
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            counts = record_counts()
            migrations = applied_migrations()
            connector.dump_suffix = f"--snapshot={snapshot}"
            dump = connector.create_dump()
        with open(path, "wb") as handle:
            dump.seek(0)
            handle.write(dump.read())
        return path, counts, migrations
    dump = connector.create_dump()
    with open(path, "wb") as handle:
        dump.seek(0)
        handle.write(dump.read())
    counts = sqlite_dump_counts(path) if connection.vendor == "sqlite" else record_counts()
    return path, counts, applied_migrations()


def create_backup(keep: int | None = None) -> BackupResult:
    keep = settings.BACKUP_KEEP if keep is None else keep
    storage = backup_storage()
    name = "pina-" + timezone.now().strftime("%Y%m%d-%H%M%S")
    if storage.exists(f"{name}/{MANIFEST}"):
        raise BackupError(f"A backup named {name} exists already; try again in a second.")
    with encryptor() as encrypt, tempfile.TemporaryDirectory(prefix="pina-backup-") as work:
        work = Path(work)
        dump_path, counts, migrations = dump_database(work)
        media_path = work / "media.tar"
        call_command("mediabackup", output_path=str(media_path), verbosity=0, quiet=True)
        media = tar_hashes(media_path)
        encrypted = {}
        for plain, stored in ((dump_path, dump_path.name + ".gpg"), (media_path, MEDIA)):
            target = work / stored
            encrypt(plain, target)
            plain.unlink()
            encrypted[stored] = file_sha256(target)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "database_file": dump_path.name + ".gpg",
            "counts": counts,
            "migrations": migrations,
            "media": media,
            "files": encrypted,
        }
        manifest_plain = work / "manifest.json"
        manifest_plain.write_text(json.dumps(manifest, indent=2, sort_keys=True))
        encrypt(manifest_plain, work / MANIFEST)
        manifest_plain.unlink()
        for stored in (*encrypted, MANIFEST):  # the manifest last: it marks the set complete
            with open(work / stored, "rb") as handle:
                saved = storage.save(f"{name}/{stored}", File(handle))
            if saved != f"{name}/{stored}":
                raise BackupError(f"The backup storage renamed {stored} to {saved}.")
    return BackupResult(name=name, manifest=manifest, removed=prune(storage, keep))


# --- Restore ----------------------------------------------------------------------------------


def fetch(storage: Storage, name: str, target: Path):
    try:
        with storage.open(name, "rb") as source, open(target, "wb") as handle:
            for block in iter(lambda: source.read(1 << 20), b""):
                handle.write(block)
    except (FileNotFoundError, OSError) as error:
        raise BackupError(f"{name} is missing from the backup.") from error


def read_set(storage: Storage, name: str, work: Path, passphrase: str | None) -> dict:
    """Fetch and decrypt a set into `work` and check it against its manifest; change nothing."""
    fetch(storage, f"{name}/{MANIFEST}", work / MANIFEST)
    decrypt(work / MANIFEST, work / "manifest.json", passphrase)
    try:
        manifest = json.loads((work / "manifest.json").read_text())
    except ValueError as error:
        raise BackupError(f"{name} has no readable manifest.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    if manifest["database_vendor"] != connection.vendor:
        raise BackupError(
            f"{name} is a {manifest['database_vendor']} backup; this site runs on "
            f"{connection.vendor}. Restore it on the same database engine."
        )
    known = {f"{app}.{migration}" for app, migration in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of the site (unknown migrations: "
            + ", ".join(unknown[:5])
            + "). Update the code first."
        )
    for stored, expected in manifest["files"].items():
        fetch(storage, f"{name}/{stored}", work / stored)
        if file_sha256(work / stored) != expected:
            raise BackupError(f"{stored} does not match the manifest's checksum: damaged backup.")
        decrypt(work / stored, work / stored.removesuffix(".gpg"), passphrase)
    if tar_hashes(work / "media.tar") != manifest["media"]:
        raise BackupError("The media archive does not match the manifest: damaged backup.")
    return manifest


def restore_backup(location: str | None = None, passphrase: str | None = None) -> dict:
    """Replace the database and the media with a set's (the newest complete one by default).
    The set is fetched, decrypted and checked first; the database is restored in one step
    (pg_restore in a single transaction, or SQLite's backup API), the media then replaced
    through the storage, and both compared with the manifest."""
    storage, name = storage_for(location)
    if not name:
        sets = complete_sets(storage)
        if not sets:
            raise BackupError("There is no complete backup in the backup storage.")
        name = sets[-1]
    with tempfile.TemporaryDirectory(prefix="pina-restore-") as work:
        work = Path(work)
        manifest = read_set(storage, name, work, passphrase)
        connector = get_connector()
        with open(work / manifest["database_file"].removesuffix(".gpg"), "rb") as dump:
            if connection.vendor != "sqlite":
                connection.close()
            connector.restore_dump(dump)
        connection.close()
        counts = record_counts()
        expected = {label: n for label, n in manifest["counts"].items() if label in counts}
        if counts != expected:
            wrong = {k: (n, counts.get(k)) for k, n in expected.items() if counts.get(k) != n}
            raise BackupError(f"Record counts differ after the restore: {wrong}")
        for stray in list(storage_files(default_storage)):
            default_storage.delete(stray)
        call_command(
            "mediarestore",
            input_path=str(work / "media.tar"),
            replace=True,
            interactive=False,
            verbosity=0,
            quiet=True,
        )
    if media_hashes() != manifest["media"]:
        raise BackupError("The media differ from the manifest after the restore.")
    call_command("migrate", interactive=False, verbosity=0)
    cache.clear()
    manifest["name"] = name
    return manifest
