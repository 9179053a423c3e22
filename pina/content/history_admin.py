"""Revision history in the admin (django-reversion, compared with django-reversion-compare):
"History" to compare and revert, "Recover deleted" to bring a deleted record back.

Files are not part of a revision. django-cleanup deletes a file once what holds it is deleted
or points at another file, so that a deleted logo or PDF stops being public at once: a
recovered record (or one reverted to a version with an older file) comes back without the
files that were deleted. The recover and revert screens say which, and saving there stores the
record without them (`drop_missing_files`) rather than with addresses that answer 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from pina.ops.faults import STORAGE_ERRORS


def _file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _exists(storage, name) -> bool:
    try:
        return storage.exists(name)
    except STORAGE_ERRORS:
        # Unknown is treated as present: a file is never dropped because storage was down.
        return True


def missing_files(version):
    """[(model, field, name)] of the files the revision of `version` names that storage no
    longer has (django-cleanup deleted them with the record or when they were replaced)."""
    found = []
    for item in version.revision.version_set.all():
        model = item._model
        for field in _file_fields(model):
            name = item.field_dict.get(field.attname)
            name = getattr(name, "name", name)
            if name and not _exists(field.storage, name):
                found.append((model, field, name))
    return found


def _missing_fields(instance):
    return [
        field
        for field in _file_fields(type(instance))
        if getattr(instance, field.attname)
        and not _exists(field.storage, getattr(instance, field.attname).name)
    ]


def _label(instance, fields=()):
    label = f"{capfirst(instance._meta.verbose_name)} “{instance}”"
    if fields:
        label += ": " + ", ".join(str(field.verbose_name) for field in fields)
    return label


def clear_missing_files(instance):
    """Empty, on the unsaved `instance`, each file field whose file storage no longer has (an
    ImageField's stored size goes with it). Before saving: imagekit would otherwise try to
    make renditions of the missing file."""
    missing = _missing_fields(instance)
    for field in missing:
        setattr(instance, field.attname, "")
    return [_label(instance, missing)] if missing else []


def drop_missing_files(instances):
    """For saved rows: clear each file field whose file storage no longer has, and delete a
    row whose file is required (a document is nothing without its PDF). Returns what was
    dropped, as text for the editor."""
    dropped = []
    for instance in instances:
        missing = _missing_fields(instance) if instance.pk is not None else []
        if not missing:
            continue
        if any(not field.blank for field in missing):
            instance.delete()
            dropped.append(_label(instance))
            continue
        dropped += clear_missing_files(instance)
        sizes = [
            getattr(field, name, None)
            for field in missing
            for name in ("width_field", "height_field")
        ]
        instance.save(update_fields=[field.attname for field in missing] + [n for n in sizes if n])
    return dropped


class HistoryAdmin(CompareVersionAdmin):
    """History, compare, revert and recover deleted, for a model with files and inlines."""

    history_latest_first = True

    def _warn_missing_files(self, request, version_id):
        version = get_object_or_404(Version, pk=version_id)
        request._reverted_version = version
        missing = missing_files(version)
        if missing and request.method == "GET":
            fields = sorted(
                {
                    f"{capfirst(model._meta.verbose_name)}: {field.verbose_name}"
                    for model, field, _name in missing
                }
            )
            messages.warning(
                request,
                _(
                    "Files are deleted with what holds them and cannot be recovered: this "
                    "version comes back without %(files)s. Upload them again after saving "
                    "(documents without their file are not restored)."
                )
                % {"files": "; ".join(fields)},
            )

    def recover_view(self, request, version_id, extra_context=None):
        if self.has_add_permission(request):
            self._warn_missing_files(request, version_id)
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_change_permission(request, obj):
            self._warn_missing_files(request, version_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if getattr(request, "_reverted_version", None) is not None:
            request._dropped_files = clear_missing_files(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        version = getattr(request, "_reverted_version", None)
        if version is None:
            return
        # Every row the revision brought back, the record's own first.
        rows = [form.instance]
        for item in version.revision.version_set.all():
            if item._model is type(form.instance) and str(item.object_id) == str(form.instance.pk):
                continue
            row = item._model._default_manager.filter(pk=item.object_id).first()
            if row is not None:
                rows.append(row)
        dropped = getattr(request, "_dropped_files", []) + drop_missing_files(rows[1:])
        if dropped:
            messages.warning(
                request,
                _("Saved without the files that had been deleted: %(what)s.")
                % {"what": "; ".join(dropped)},
            )

    def compare_view(self, request, object_id, extra_context=None):
        # django-reversion-compare's view only checks that the user is staff.
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)
