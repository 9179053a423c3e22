"""What makes cached pages and fragments stale: saving, deleting or re-linking a model of the
content apps (`PAGE_CACHE_CONTENT_APPS`, less `PAGE_CACHE_IGNORED_MODELS`) bumps the content
version, once at once and once more when the change commits."""

from __future__ import annotations

from django.apps import apps as django_apps
from django.conf import settings
from django.db import connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from pina.caching.version import bump_version


def _is_ignored(model) -> bool:
    ignored = {label.lower() for label in settings.PAGE_CACHE_IGNORED_MODELS}
    return model._meta.label_lower in ignored


def _is_content_model(model) -> bool:
    return model._meta.app_label in settings.PAGE_CACHE_CONTENT_APPS and not _is_ignored(model)


def content_changed(sender, **kwargs) -> None:
    """Signal receiver: a content model was saved, deleted or re-linked (many-to-many)."""
    # Fixtures (loaddata, raw=True) change what pages show too: they bump like any save.
    action = kwargs.get("action")
    if action is None:  # post_save, post_delete
        touched = [sender]
    elif action.startswith("post_"):  # m2m_changed: sender is the through model
        sides = [type(kwargs["instance"]), kwargs.get("model")]
        if any(side is not None and _is_ignored(side) for side in sides):
            return  # links of a private record (an application's languages)
        touched = [sender, *sides]
    else:
        return
    if not any(model is not None and _is_content_model(model) for model in touched):
        return
    bump_version()
    # A request rendering between now and the commit would read the old data and store it under
    # the new version: bump again once the change is visible to other connections.
    using = kwargs.get("using") or router.db_for_write(sender)
    if connections[using].in_atomic_block:
        transaction.on_commit(bump_version, using=using)


def connect_signals() -> None:
    """Called from CachingConfig.ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"pina.page_cache.{signal!r}")


def content_models() -> list[str]:
    """Labels of the models whose changes invalidate the page cache (for docs and tests)."""
    return sorted(m._meta.label for m in django_apps.get_models() if _is_content_model(m))
