"""The admin site: Django's, with the two-factor login, and storage failures answered politely;
installed as the default site (pina.apps.PinaAdminConfig), so `admin.site` and `@admin.register`
everywhere use it.
"""

from django.contrib import admin
from django.urls import path

from pina.ops.faults import storage_fault_tolerant
from pina.security.access import StaffAuthenticationForm, second_factor_satisfied
from pina.security.two_factor import two_factor_view


class PinaAdminSite(admin.AdminSite):
    login_form = StaffAuthenticationForm
    login_template = "admin/pina_login.html"

    def has_permission(self, request):
        """Active staff; for accounts that must use 2FA, only a session verified by a code."""
        return super().has_permission(request) and second_factor_satisfied(request)

    def admin_view(self, view, cacheable=False):
        return super().admin_view(storage_fault_tolerant(view), cacheable)

    def get_urls(self):
        urls = [
            path(
                "two-factor/",
                self.admin_view(lambda request: two_factor_view(request, self)),
                name="two_factor",
            ),
        ]
        return urls + super().get_urls()
