"""The admin of a single-record model (pina.content.single_record): its list goes straight to
the one record, created with its defaults if missing, and nobody adds or deletes it."""

from django.shortcuts import redirect
from django.urls import reverse

from pina.content.translation_admin import TranslatedAdmin


class SingleRecordAdmin(TranslatedAdmin):
    """One translated record: the list view goes straight to it; nobody adds or deletes it."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        record = self.model.current()
        opts = self.model._meta
        return redirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        )
