"""Who may enter the back office: login lockout (django-axes: `LockoutBackend`,
`lockout_response`), two-factor authentication (django-otp, TOTP codes or one-time recovery
codes: `two_factor_mandatory`, `must_enrol`, `StaffAuthenticationForm`; enrolment in
pina/security/two_factor.py) and the client's address behind trusted proxies (`client_ip`).
"""

import ipaddress
from functools import wraps

from axes.backends import AxesStandaloneBackend
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from pina.security.groups import VOLUNTEER_COORDINATORS


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry the nearest trusted proxy added to
    X-Forwarded-For when the site runs behind PINA_PROXY_COUNT proxies.

    Entries further left were written by the client and can be forged, so they are never used.
    """
    candidates = []
    count = getattr(settings, "PINA_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            candidates.append(forwarded[-count])
    # A garbled header (a misconfigured proxy) falls back to the connection's address.
    candidates.append(request.META.get("REMOTE_ADDR") or "")
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login that comes from an HTTP request: a
    locked-out user name or address is refused before the password is checked.

    Authentication without a request (the shell, `Client.login` in tests) cannot come from a
    visitor, so there is nothing to lock out and it is left to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The admin login page's answer once the user name or the address is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "cooloff_minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return TemplateResponse(
        request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    ).render()


def two_factor_mandatory(user) -> bool:
    """Whether the account may use the admin only after a second factor (the site policy): every
    active staff account, when settings.PINA_REQUIRE_2FA is on."""
    if not getattr(settings, "PINA_REQUIRE_2FA", False):
        return False
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def enrolled_by_operator(user) -> bool:
    """Superusers and volunteer coordinators get their first authenticator from an operator
    (manage.py enrol_totp), never from a password-only session: their password alone must not
    be enough to bind an attacker's phone to an account that sees volunteers' data."""
    if user.is_superuser:
        return True
    cached = getattr(user, "_pina_is_coordinator", None)
    if cached is None:
        cached = user.groups.filter(name=VOLUNTEER_COORDINATORS).exists()
        user._pina_is_coordinator = cached
    return cached


def confirmed_devices(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True)


def second_factor_devices(user) -> list:
    """The account's authenticators and its recovery codes (a django-otp static device)."""
    return [
        *confirmed_devices(user),
        *StaticDevice.objects.devices_for_user(user, confirmed=True)
        .filter(token_set__isnull=False)
        .distinct(),
    ]


def must_enrol(request) -> bool:
    """A session that logged in with the password only because the account (an editor's) has no
    second factor yet: it may open the enrolment page and nothing else of the admin."""
    user = request.user
    return (
        two_factor_mandatory(user)
        and not getattr(user, "is_verified", lambda: False)()
        and not enrolled_by_operator(user)
        and not second_factor_devices(user)
    )


def second_factor_satisfied(request) -> bool:
    """False for a session of an account that needs 2FA but did not give a code."""
    user = request.user
    if not two_factor_mandatory(user):
        return True
    return bool(getattr(user, "is_verified", lambda: False)())


def staff_required(view):
    """For staff-only views outside the admin: the same rule as the admin itself (active staff,
    with a second factor where one is required); others go to the admin login."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if admin.site.has_permission(request):
            return view(request, *args, **kwargs)
        if request.user.is_authenticated and request.user.is_staff:
            raise PermissionDenied
        return redirect_to_login(request.get_full_path())

    return wrapped


def may_see_unpublished(request, permission: str) -> bool:
    """Whether the visitor may open unpublished content by its public address (drafts, hidden
    conferences): the admin's own rule (active staff, second factor where required) and the
    model's view `permission`, e.g. "news.view_post"."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return admin.site.has_permission(request) and user.has_perm(permission)


class StaffAuthenticationForm(AdminAuthenticationForm):
    """The admin login: user name, password, and the authenticator code (or a recovery code) of
    any staff member who must use one or has enrolled one. An editor without any second factor
    yet is let in to the enrolment page only (`must_enrol`)."""

    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        max_length=20,
        help_text=_(
            "The 6-digit code from your authenticator app, or one of your recovery codes, if "
            "your account uses one."
        ),
        # No numeric keyboard: recovery codes have letters.
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "size": 10}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": _(
            "Enter the 6-digit code from your authenticator app, or a recovery code."
        ),
        "code_invalid": _(
            "That authentication code is not valid. Check your device's clock and "
            "enter the current code."
        ),
        "code_throttled": _("Too many wrong codes. Wait a minute, then enter the current code."),
        "no_device": _(
            "Your account must use two-factor authentication, but no authenticator "
            "is set up for it yet. Ask a superuser to enrol one (see the security "
            "notes: manage.py enrol_totp)."
        ),
    }

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None:
            self.verify_second_factor(user)
        return cleaned_data

    def verify_second_factor(self, user):
        devices = second_factor_devices(user)
        if not devices:
            if two_factor_mandatory(user) and enrolled_by_operator(user):
                raise forms.ValidationError(self.error_messages["no_device"], code="no_device")
            return
        token = "".join((self.cleaned_data.get("otp_token") or "").replace("-", "").split())
        if not token:
            raise forms.ValidationError(self.error_messages["code_required"], code="code_required")
        # A 6-digit code is the app's, anything else a recovery code: trying the other kind
        # too would count a failure against it and throttle the next right code.
        if token.isdigit() and len(token) == 6:
            candidates = [device for device in devices if isinstance(device, TOTPDevice)]
        else:
            candidates = [device for device in devices if isinstance(device, StaticDevice)]
            token = token.lower()
        throttled = False
        for device in candidates:
            with transaction.atomic():
                # Locked while checked, so one code cannot be used twice at the same moment.
                device = type(device).objects.select_for_update().get(pk=device.pk)
                allowed, _details = device.verify_is_allowed()
                if not allowed:
                    throttled = True
                    continue
                if device.verify_token(token):
                    user.otp_device = device  # django_otp stores it in the session at login
                    return
        # A wrong code counts as a failed login for the lockout, like a wrong password.
        user_login_failed.send(
            sender=__name__,
            credentials={"username": user.get_username()},
            request=self.request,
        )
        if throttled:
            raise forms.ValidationError(
                self.error_messages["code_throttled"], code="code_throttled"
            )
        raise forms.ValidationError(self.error_messages["code_invalid"], code="code_invalid")
