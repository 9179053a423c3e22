from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pina.content.single_record_admin import SingleRecordAdmin
from pina.site.models import SiteSettings

admin.site.site_header = _("PINA administration")
admin.site.site_title = _("PINA")
admin.site.index_title = _("Site content and volunteer applications")
admin.site.site_url = "/"


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingleRecordAdmin):
    name_accusative = pgettext_lazy("accusative", "site settings")
    # An address typed without its scheme becomes https://..., the only scheme the exit page
    # accepts (Django's default would prepend http:// and then refuse it).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (_("Header"), {"fields": ["site_name", "tagline"]}),
        (_("Footer"), {"fields": ["contact_email", "contact_text", "credit_line", "copyright"]}),
        (_("Home page"), {"fields": ["volunteer_call"]}),
        (_("Exit this page"), {"fields": ["exit_page_url"]}),
        (_("Volunteer coordinators"), {"fields": ["coordinator_emails"]}),
    ]
