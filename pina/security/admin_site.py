"""The admin site: Django's, with the two-factor login (an editor without a second factor yet is
sent to enrolment), storage failures answered politely, and a home page that starts with the
user's to-do list (pina.security.staff_home), and titles in the right grammatical case
(pina.security.admin_titles); installed as the default site
(pina.apps.PinaAdminConfig), so `admin.site` and `@admin.register` everywhere use it.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from pina.ops.faults import storage_fault_tolerant
from pina.security.access import StaffAuthenticationForm, must_enrol, second_factor_satisfied
from pina.security.admin_titles import with_case_titles
from pina.security.staff_home import tasks_for
from pina.security.two_factor import two_factor_view


class PinaAdminSite(admin.AdminSite):
    login_form = StaffAuthenticationForm
    login_template = "admin/pina_login.html"

    def has_permission(self, request):
        """Active staff; for accounts that must use 2FA, only a session verified by a code."""
        return super().has_permission(request) and second_factor_satisfied(request)

    def admin_view(self, view, cacheable=False):
        return super().admin_view(storage_fault_tolerant(view), cacheable)

    def login(self, request, extra_context=None):
        """After the password, a session that must still enrol goes to the enrolment page."""
        if request.method == "GET" and must_enrol(request):
            return redirect("admin:two_factor")
        response = super().login(request, extra_context)
        if request.method == "POST" and must_enrol(request):
            return redirect("admin:two_factor")
        return response

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model admin gets its titles in the right grammatical case (admin_titles)."""
        admin_class = with_case_titles(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)

    def index(self, request, extra_context=None):
        """The admin's home: the user's to-do list above Django's list of models."""
        context = {"staff_tasks": tasks_for(request, self), **(extra_context or {})}
        return super().index(request, context)

    def enrolment_view(self, view):
        """Like admin_view, but also open to a session that must still enrol."""

        @wraps(view)
        def inner(request, *args, **kwargs):
            if not (self.has_permission(request) or must_enrol(request)):
                return redirect_to_login(request.get_full_path(), "admin:login")
            return view(request, *args, **kwargs)

        return never_cache(csrf_protect(storage_fault_tolerant(inner)))

    def get_urls(self):
        urls = [
            path(
                "two-factor/",
                self.enrolment_view(lambda request: two_factor_view(request, self)),
                name="two_factor",
            ),
        ]
        return urls + super().get_urls()
