"""Enrolling an authenticator app (TOTP) for the admin's two-factor login, and the account's ten
one-time recovery codes (django-otp static tokens, `new_recovery_codes`), from the admin's own
page (`two_factor_view`); the first authenticator of a superuser or coordinator is enrolled by
an operator with `manage.py enrol_totp`, and a superuser removes a lost one in the admin
(docs/security.md, "Enrolling an authenticator").
"""

from base64 import b32encode

import django_otp
import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pina.security.access import must_enrol

PENDING_SESSION_KEY = "pina_totp_pending_device"
RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"


def new_device(user, name: str = "", confirmed: bool = False) -> TOTPDevice:
    """A TOTP device with a fresh random key; unconfirmed until the user proves they scanned it."""
    name = name or timezone.localdate().strftime("Authenticator %Y-%m-%d")
    return TOTPDevice.objects.create(user=user, name=name[:64], confirmed=confirmed)


def new_recovery_codes(user) -> list[str]:
    """Ten fresh one-time codes for the account; the earlier ones stop working. Stored the way
    django-otp stores static tokens; the caller shows them once and keeps them nowhere else."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#000", light="#fff")


class ConfirmDeviceForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code shown by the app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        token = "".join(self.cleaned_data["otp_token"].split())
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=self.device.pk)
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(
                    _("Too many wrong codes. Wait a minute, then enter the current code.")
                )
            if not device.verify_token(token):
                raise forms.ValidationError(
                    _(
                        "That code does not match. Check the app shows PINA and your device's "
                        "clock is right, then enter the current code."
                    )
                )
        self.device = device
        return token


def pending_device(request):
    device_id = request.session.get(PENDING_SESSION_KEY)
    if device_id is None:
        return None
    return TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()


def show_recovery_codes(request, site, codes, message):
    """The codes, once: rendered into this answer only (not the session, not a message), and
    never cached."""
    context = {
        **site.each_context(request),
        "title": _("Your recovery codes"),
        "codes": codes,
        "message": message,
    }
    response = TemplateResponse(request, "admin/recovery_codes.html", context)
    add_never_cache_headers(response)
    return response


def two_factor_view(request, site):
    """The signed-in staff member's own authenticators: list them, add one; their recovery
    codes: how many are left, make new ones. A session that must still enrol (`must_enrol`)
    can only add the first authenticator."""
    user = request.user
    enrolling = must_enrol(request)
    pending = pending_device(request)
    form = ConfirmDeviceForm(device=pending)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "start":
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device = new_device(user)
            request.session[PENDING_SESSION_KEY] = device.pk
            return redirect("admin:two_factor")
        if action == "cancel":
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            request.session.pop(PENDING_SESSION_KEY, None)
            return redirect("admin:two_factor")
        if action == "confirm" and pending is not None:
            form = ConfirmDeviceForm(request.POST, device=pending)
            if form.is_valid():
                device = form.device
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                request.session.pop(PENDING_SESSION_KEY, None)
                django_otp.login(request, device)
                message = _("The authenticator is set up. From now on, sign in with its code.")
                if not StaticDevice.objects.filter(user=user).exists():
                    return show_recovery_codes(request, site, new_recovery_codes(user), message)
                messages.success(request, message)
                return redirect("admin:two_factor")
        if action == "logout" and enrolling:
            auth_logout(request)
            return redirect("admin:login")
        if action == "recovery" and not enrolling:
            message = _("New recovery codes are made; the earlier ones no longer work.")
            return show_recovery_codes(request, site, new_recovery_codes(user), message)
    context = {
        **site.each_context(request),
        "title": _("Two-factor authentication"),
        "devices": TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("id"),
        "pending": pending,
        "form": form,
        "enrolling": enrolling,
        "recovery_codes_left": recovery_codes_left(user),
    }
    if pending is not None:
        context["qr_data_uri"] = qr_data_uri(pending)
        context["secret"] = secret_for_display(pending)
    return TemplateResponse(request, "admin/two_factor.html", context)
