"""`backup_site` / `restore_site` (make backup / make restore): a full round trip."""

import json
import os
import stat
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from pina.ops.backup import media_checksum, record_counts
from pina.security.two_factor import new_device
from pina.site.models import SiteSettings

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def make_site_content(media_root, django_user_model):
    settings_record = SiteSettings.current()
    settings_record.site_name_ru = "ПИНА"
    settings_record.tagline_uz = "Oʻzbekiston va Markaziy Osiyo"
    settings_record.save()
    coordinator = django_user_model.objects.create_user(
        "coordinator", "c@example.org", "x" * 16, is_staff=True
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
    (media_root / "editor" / "2026" / "11").mkdir(parents=True)
    (media_root / "editor" / "2026" / "11" / "photo-1a2b3c4d.jpg").write_bytes(bytes(range(256)))
    (media_root / "renditions").mkdir()
    (media_root / "renditions" / "thumb.webp").write_bytes(b"RIFF" + os.urandom(2000))
    (media_root / "фото.png").write_bytes(b"\x89PNG" + b"\0" * 10)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_round_trip_restores_every_record_and_the_media(media_root, tmp_path, django_user_model):
    make_site_content(media_root, django_user_model)
    counts_before = record_counts()
    checksum_before = media_checksum(media_root)
    archive = tmp_path / "site.tar.gz"

    out = StringIO()
    call_command("backup_site", "--output", str(archive), stdout=out)
    assert "Backed up" in out.getvalue()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("pina-backup/manifest.json"))
    assert manifest["counts"] == counts_before
    assert manifest["media_sha256"] == checksum_before
    assert manifest["media_files"] == 3
    assert counts_before["auth.user"] == 2 and counts_before["otp_totp.totpdevice"] == 1

    # Damage: records changed and deleted, media removed and added.
    django_user_model.objects.filter(username="root").delete()
    record = SiteSettings.objects.get()
    record.site_name_ru = "сломано"
    record.save()
    Group.objects.filter(name="Editors").delete()
    (media_root / "editor" / "2026" / "11" / "photo-1a2b3c4d.jpg").unlink()
    (media_root / "stray.txt").write_text("not in the backup")
    assert record_counts() != counts_before

    out = StringIO()
    call_command("restore_site", str(archive), "--yes", stdout=out)
    assert "Restored" in out.getvalue()

    assert record_counts() == counts_before
    assert media_checksum(media_root) == checksum_before
    assert not (media_root / "stray.txt").exists()
    assert SiteSettings.current().site_name_ru == "ПИНА"
    assert SiteSettings.objects.get().tagline_uz == "Oʻzbekiston va Markaziy Osiyo"
    coordinator = django_user_model.objects.get(username="coordinator")
    assert coordinator.check_password("x" * 16)
    assert coordinator.groups.filter(name="Volunteer coordinators").exists()
    assert TOTPDevice.objects.get(user=coordinator).name == "Phone"
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="change_sitesettings").exists()
    assert not [p for p in media_root.parent.iterdir() if p.name.startswith(".pina-restore-")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_damaged_archive_changes_nothing(media_root, tmp_path, django_user_model):
    make_site_content(media_root, django_user_model)
    archive = tmp_path / "site.tar.gz"
    call_command("backup_site", "--output", str(archive), stdout=StringIO())
    # Rewrite the archive with one media file altered.
    extracted = tmp_path / "x"
    with tarfile.open(archive) as tar:
        tar.extractall(extracted, filter="data")
    (extracted / "pina-backup" / "media" / "фото.png").write_bytes(b"tampered")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        tar.add(extracted / "pina-backup", arcname="pina-backup")
    django_user_model.objects.create_user("newer", password="z" * 16)
    counts = record_counts()
    checksum = media_checksum(media_root)
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore_site", str(damaged), "--yes", stdout=StringIO())
    assert record_counts() == counts
    assert media_checksum(media_root) == checksum


@pytest.mark.django_db
def test_restore_refuses_without_confirmation_and_non_archives(tmp_path):
    not_an_archive = tmp_path / "x.tar.gz"
    not_an_archive.write_bytes(b"hello")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_site", str(not_an_archive), interactive=False)
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore_site", str(not_an_archive), "--yes")
    with pytest.raises(CommandError, match="No such archive"):
        call_command("restore_site", str(tmp_path / "missing.tar.gz"), "--yes")


def test_makefile_has_backup_and_restore_targets():
    makefile = (ROOT / "Makefile").read_text()
    assert "\nbackup:" in makefile and "manage.py backup_site" in makefile
    assert "\nrestore:" in makefile and "manage.py restore_site" in makefile
