from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from pina.site.models import SiteSettings

admin.site.site_header = _("PINA administration")
admin.site.site_title = _("PINA")
admin.site.index_title = _("Site content and volunteer applications")
admin.site.site_url = "/"


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslationAdmin):
    """One record: the list view goes straight to it."""

    fieldsets = [
        (_("Header"), {"fields": ["site_name", "tagline"]}),
        (_("Footer"), {"fields": ["contact_email", "contact_text", "credit_line", "copyright"]}),
        (_("Home page"), {"fields": ["volunteer_call"]}),
        (_("Volunteer coordinators"), {"fields": ["coordinator_emails"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        record = SiteSettings.current()
        return redirect(reverse("admin:pina_sitesettings_change", args=[record.pk]))
