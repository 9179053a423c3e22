"""System checks of the deployment: several app-server instances (`PINA_INSTANCES` > 1) need
shared caches and media; a production site without backups is warned about."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.files.storage import FileSystemStorage
from django.utils.module_loading import import_string

# Backends whose data live in one process or on one machine's disk.
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
MACHINE_LOCAL_CACHES = {"django.core.cache.backends.filebased.FileBasedCache"}


@register(Tags.caches, deploy=False)
def instances_share_one_truth(app_configs=None, **kwargs):
    """Each instance must see what the others wrote: one cache (the page cache's content
    version, rate-limit counters) and one media store. A process-local cache or files on one
    machine's disk would make the site answer differently depending on which instance a request
    reaches, so `manage.py check` (and `migrate`, which runs the checks) refuses them.
    """
    instances = getattr(settings, "PINA_INSTANCES", 1)
    if instances <= 1:
        return []
    errors = []
    for alias, config in settings.CACHES.items():
        backend = config["BACKEND"]
        if backend in PROCESS_LOCAL_CACHES | MACHINE_LOCAL_CACHES:
            errors.append(
                Error(
                    f"PINA_INSTANCES={instances} but the cache {alias!r} ({backend}) is not "
                    "shared between processes: an edit made through one instance would not "
                    "reach the pages, rate limits and counters of the others.",
                    hint="Set REDIS_URL, or leave DJANGO_CACHE unset to use the database cache.",
                    id="pina.E001",
                )
            )
    storage = import_string(settings.STORAGES["default"]["BACKEND"])
    if issubclass(storage, FileSystemStorage) and not settings.MEDIA_ROOT_SHARED:
        errors.append(
            Error(
                f"PINA_INSTANCES={instances} but uploads are stored on this machine's disk "
                f"({settings.MEDIA_ROOT}): an image uploaded through one instance would be "
                "missing on the others.",
                hint="Set AWS_STORAGE_BUCKET_NAME (S3-compatible storage, docs/deploy.md), or "
                "PINA_SHARED_MEDIA_ROOT=1 if every instance uses this same directory (one "
                "machine, or a shared mount).",
                id="pina.E002",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def backups_are_configured(app_configs=None, **kwargs):
    """`check --deploy`: without a backup key the scheduler writes no backup at all."""
    if settings.BACKUP_GPG_PUBLIC_KEY:
        return []
    return [
        Warning(
            "BACKUP_GPG_PUBLIC_KEY is not set: no backups are written.",
            hint="Set it to a GnuPG public key (docs/security.md, 'Backups'); the scheduler "
            "then writes an encrypted backup every day.",
            id="pina.W020",
        )
    ]
