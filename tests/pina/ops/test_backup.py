"""`backup_site` / `restore_site`: encrypted sets restored into an empty database and empty
media, locally and with media and backups on S3 (moto's server), compared row by row count and
file by file hash; a set cannot be read without the private key, a damaged one changes nothing,
old sets are pruned whole."""

import base64
import os
import stat
import subprocess
from io import StringIO
from pathlib import Path

import gnupg
import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from pina.ops.backup import MANIFEST, MEDIA, complete_sets, media_hashes, record_counts
from pina.security.two_factor import new_device
from pina.site.models import SiteSettings

ROOT = Path(__file__).resolve().parents[3]
NAME = "Zarina Backupova"
MEDIA_FILES = {
    "editor/2026/11/photo-1a2b3c4d.jpg": bytes(range(256)) * 4,
    "renditions/thumb.webp": b"RIFF" + os.urandom(2000),
    "фото.png": b"\x89PNG" + b"\0" * 10,
}


@pytest.fixture(scope="session")
def key_pair(tmp_path_factory):
    """A key pair without passphrase in a GnuPG home of its own (the operator's, off-site)."""
    home = tmp_path_factory.mktemp("gnupg")
    os.chmod(home, 0o700)
    gpg = gnupg.GPG(gnupghome=str(home))
    key = gpg.gen_key(
        gpg.gen_key_input(
            key_type="EDDSA",
            key_curve="ed25519",
            subkey_type="ECDH",
            subkey_curve="cv25519",
            name_email="backups@pina.example.org",
            no_protection=True,
        )
    )
    assert key.fingerprint, key.stderr
    yield {"home": str(home), "public": gpg.export_keys(key.fingerprint)}
    # gpg started an agent for this key ring; it would outlive the test run.
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "gpg-agent"], check=False)  # noqa: S603, S607


@pytest.fixture
def backups(settings, tmp_path, key_pair):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    settings.BACKUP_GPG_PUBLIC_KEY = key_pair["public"]
    settings.BACKUP_GPG_HOME = key_pair["home"]
    location = tmp_path / "backups"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "dbbackup": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "file_permissions_mode": 0o600},
        },
    }
    return location


def make_site_content(django_user_model):
    record = SiteSettings.current()
    record.site_name_ru = "ПИНА"
    record.tagline_uz = "Oʻzbekiston va Markaziy Osiyo"
    record.save()
    coordinator = django_user_model.objects.create_user(
        "coordinator", "c@example.org", "x" * 16, is_staff=True, first_name=NAME
    )
    coordinator.groups.add(Group.objects.get(name="Volunteer coordinators"))
    django_user_model.objects.create_superuser("root", "root@example.org", "y" * 16)
    new_device(coordinator, name="Phone", confirmed=True)
    LogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(SiteSettings),
        object_id="1",
        object_repr="Site settings",
        action_flag=ADDITION,
    )
    for name, content in MEDIA_FILES.items():
        assert default_storage.save(name, ContentFile(content)) == name


def empty_the_site():
    """An empty database (no rows at all) and empty media, as on a new server."""
    call_command("flush", interactive=False, verbosity=0)
    for name in media_hashes():
        default_storage.delete(name)
    assert media_hashes() == {}
    assert not SiteSettings.objects.exists()


def backup(**options) -> str:
    out = StringIO()
    call_command("backup_site", stdout=out, **options)
    assert "Backed up" in out.getvalue()
    return out.getvalue()


def assert_restored(django_user_model, counts, hashes):
    assert record_counts() == counts
    assert media_hashes() == hashes
    assert SiteSettings.objects.get().site_name_ru == "ПИНА"
    assert SiteSettings.objects.get().tagline_uz == "Oʻzbekiston va Markaziy Osiyo"
    coordinator = django_user_model.objects.get(username="coordinator")
    assert coordinator.check_password("x" * 16)
    assert coordinator.groups.filter(name="Volunteer coordinators").exists()
    assert TOTPDevice.objects.get(user=coordinator).name == "Phone"
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="change_sitesettings").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_round_trip_into_an_empty_database_and_empty_media(backups, django_user_model):
    make_site_content(django_user_model)
    counts = record_counts()
    hashes = media_hashes()
    assert counts["auth.user"] == 2 and counts["otp_totp.totpdevice"] == 1
    assert set(hashes) == set(MEDIA_FILES)

    backup()
    (name,) = complete_sets(storages["dbbackup"])
    files = sorted(p.name for p in (backups / name).iterdir())
    assert MANIFEST in files and MEDIA in files and len(files) == 3
    for path in (backups / name).iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        data = path.read_bytes()
        # Encrypted: neither a name from the database nor a media file's bytes can be read.
        assert NAME.encode() not in data and b"coordinator" not in data
        assert MEDIA_FILES["editor/2026/11/photo-1a2b3c4d.jpg"] not in data

    empty_the_site()
    default_storage.save("stray.txt", ContentFile(b"not in the backup"))
    out = StringIO()
    call_command("restore_site", "--yes", stdout=out)
    assert f"from {name}" in out.getvalue()
    assert_restored(django_user_model, counts, hashes)
    assert not default_storage.exists("stray.txt")


def drop_every_table():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_on_a_new_server_whose_database_has_no_tables(backups, django_user_model):
    make_site_content(django_user_model)
    counts, hashes = record_counts(), media_hashes()
    backup()
    drop_every_table()
    for name in hashes:
        default_storage.delete(name)
    call_command("restore_site", "--yes", stdout=StringIO())
    assert_restored(django_user_model, counts, hashes)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_set_cannot_be_read_without_the_private_key(backups, settings, tmp_path):
    SiteSettings.current()
    backup()
    counts = record_counts()
    stranger = tmp_path / "stranger-gnupg"
    stranger.mkdir(mode=0o700)
    settings.BACKUP_GPG_HOME = str(stranger)  # a key ring without the private key
    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("restore_site", "--yes", stdout=StringIO())
    assert record_counts() == counts


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_damaged_set_changes_nothing(backups, django_user_model):
    make_site_content(django_user_model)
    backup()
    (name,) = complete_sets(storages["dbbackup"])
    archive = backups / name / MEDIA
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    django_user_model.objects.create_user("newer", password="z" * 16)
    counts, hashes = record_counts(), media_hashes()
    with pytest.raises(CommandError, match="damaged backup"):
        call_command("restore_site", name, "--yes", stdout=StringIO())
    assert record_counts() == counts
    assert media_hashes() == hashes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_sets_are_pruned_whole(backups):
    SiteSettings.current()
    for old in ("pina-20250101-000000", "pina-20250102-000000", "pina-20250103-000000"):
        (backups / old).mkdir(parents=True)
        for file_name in (MANIFEST, MEDIA, "database.sqlite3.gpg"):
            (backups / old / file_name).write_bytes(b"old")
    (backups / "pina-20250104-000000").mkdir()  # incomplete (no manifest): an interrupted run
    (backups / "pina-20250104-000000" / MEDIA).write_bytes(b"partial")

    output = backup(keep=2)
    assert "Removed older backups: pina-20250101-000000, pina-20250102-000000" in output
    remaining = sorted(p.name for p in backups.iterdir())
    assert remaining[0] == "pina-20250103-000000" and len(remaining) == 2
    assert complete_sets(storages["dbbackup"]) == remaining
    out = StringIO()
    call_command("restore_site", "--list", stdout=out)
    assert out.getvalue().split() == remaining


@pytest.mark.django_db
def test_no_backup_without_a_key_and_no_restore_without_confirmation(backups, settings):
    settings.BACKUP_GPG_PUBLIC_KEY = ""
    with pytest.raises(CommandError, match="BACKUP_GPG_PUBLIC_KEY is not set"):
        call_command("backup_site", stdout=StringIO())
    assert not backups.exists() or not list(backups.iterdir())
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_site", interactive=False)
    with pytest.raises(CommandError, match="no complete backup"):
        call_command("restore_site", "--yes", interactive=False)
    settings.BACKUP_GPG_PUBLIC_KEY = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbroken\n"
    with pytest.raises(CommandError, match="no usable public key"):
        call_command("backup_site", stdout=StringIO())
    settings.BACKUP_GPG_PUBLIC_KEY = "not a key!"
    with pytest.raises(CommandError, match="neither an armoured key"):
        call_command("backup_site", stdout=StringIO())
    settings.BACKUP_GPG_PUBLIC_KEY = "/nonexistent/key.asc"
    with pytest.raises(CommandError, match="cannot read the key file"):
        call_command("backup_site", stdout=StringIO())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("form", ["file", "base64"])
def test_the_key_from_a_file_or_one_base64_line(backups, settings, tmp_path, key_pair, form):
    SiteSettings.current()
    if form == "file":
        key_file = tmp_path / "backup-key.asc"
        key_file.write_text(key_pair["public"])
        settings.BACKUP_GPG_PUBLIC_KEY = str(key_file)
    else:
        armoured = key_pair["public"]
        binary = gnupg.GPG(gnupghome=key_pair["home"]).export_keys(
            gnupg.GPG(gnupghome=key_pair["home"]).list_keys()[0]["fingerprint"], armor=False
        )
        assert binary and armoured
        settings.BACKUP_GPG_PUBLIC_KEY = base64.b64encode(binary).decode()
    backup()
    call_command("restore_site", "--yes", stdout=StringIO())
    assert SiteSettings.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_round_trip_with_media_and_backups_on_s3(
    backups, moto_server, settings, monkeypatch, django_user_model
):
    import boto3

    for variable, value in {
        "AWS_ACCESS_KEY_ID": "moto-key",
        "AWS_SECRET_ACCESS_KEY": "moto-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(variable, value)
    s3 = boto3.client("s3", endpoint_url=moto_server.url, region_name="us-east-1")
    bucket = f"media-{connection.vendor}-{os.getpid()}"
    s3.create_bucket(Bucket=bucket)
    s3.create_bucket(Bucket=f"backups-{bucket}")
    options = {"endpoint_url": moto_server.url, "region_name": "us-east-1", "file_overwrite": False}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**options, "bucket_name": bucket},
        },
        "dbbackup": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**options, "bucket_name": f"backups-{bucket}", "default_acl": "private"},
        },
    }

    def keys(name):
        return sorted(entry["Key"] for entry in s3.list_objects_v2(Bucket=name).get("Contents", []))

    make_site_content(django_user_model)
    assert keys(bucket) == sorted(MEDIA_FILES)
    counts, hashes = record_counts(), media_hashes()
    backup()
    stored = keys(f"backups-{bucket}")
    assert len(stored) == 3 and any(key.endswith("/" + MANIFEST) for key in stored)
    assert not backups.exists()  # nothing was written on this machine

    empty_the_site()
    assert keys(bucket) == []
    call_command("restore_site", "--yes", stdout=StringIO())
    assert_restored(django_user_model, counts, hashes)
    assert keys(bucket) == sorted(MEDIA_FILES)


def test_makefile_has_backup_and_restore_targets():
    makefile = (ROOT / "Makefile").read_text()
    assert "\nbackup:" in makefile and "manage.py backup_site" in makefile
    assert "\nrestore:" in makefile and "manage.py restore_site" in makefile


def test_check_deploy_warns_when_no_backup_key(settings):
    from pina.ops.checks import backups_are_configured

    settings.BACKUP_GPG_PUBLIC_KEY = ""
    assert [w.id for w in backups_are_configured()] == ["pina.W020"]
    settings.BACKUP_GPG_PUBLIC_KEY = "/etc/pina/backup-key.asc"
    assert backups_are_configured() == []
