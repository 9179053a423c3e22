"""Two-factor authentication for the admin (django-otp, TOTP): required for every staff account
when PINA_REQUIRE_2FA is on; enrolment by command or in the admin (recovery codes:
test_recovery_codes.py)."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pina.security.two_factor import new_device

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def require_2fa(settings):
    settings.PINA_REQUIRE_2FA = True


def code(device):
    """The code the user's app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code(device):
    return f"{(int(code(device)) + 1) % 1_000_000:06d}"


def login(client, username, otp_token="", next_url="/admin/"):
    return client.post(
        f"{LOGIN}?next={next_url}",
        {"username": username, "password": PASSWORD, "otp_token": otp_token},
    )


def test_the_switch_is_off_in_tests_and_on_by_default_in_production():
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    assert settings.PINA_REQUIRE_2FA is False
    environment = {k: v for k, v in os.environ.items() if k != "PINA_REQUIRE_2FA"}
    environment.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="z" * 60)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.PINA_REQUIRE_2FA)",
        ],
        cwd=Path(__file__).resolve().parents[3],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


def test_login_page_asks_for_the_code(client):
    body = client.get(LOGIN).content.decode()
    assert 'name="otp_token"' in body
    assert 'autocomplete="one-time-code"' in body
    assert "<script>" not in body  # no inline script for the admin's CSP


@pytest.mark.usefixtures("require_2fa")
class TestRequired:
    def test_superuser_without_an_authenticator_is_refused_with_instructions(
        self, client, superuser
    ):
        response = login(client, "root")
        assert response.status_code == 200
        body = response.content.decode()
        assert "no authenticator" in body and "enrol_totp" in body
        assert "_auth_user_id" not in client.session

    def test_coordinator_needs_the_code(self, client, coordinator):
        device = new_device(coordinator, confirmed=True)
        response = login(client, "coordinator")
        assert "Enter the 6-digit code" in response.content.decode()
        assert "_auth_user_id" not in client.session
        response = login(client, "coordinator", code(device))
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200

    def test_a_wrong_code_is_refused_and_counts_towards_the_lockout(
        self, client, superuser, settings
    ):
        device = new_device(superuser, confirmed=True)
        response = login(client, "root", wrong_code(device))
        assert "not valid" in response.content.decode()
        assert "_auth_user_id" not in client.session
        from axes.models import AccessAttempt

        assert AccessAttempt.objects.get(username="root").failures_since_start == 1

    def test_a_code_cannot_be_used_twice(self, client, superuser):
        device = new_device(superuser, confirmed=True)
        token = code(device)
        assert login(client, "root", token).status_code == 302
        other = Client()
        response = login(other, "root", token)
        assert response.status_code == 200
        assert "_auth_user_id" not in other.session

    def test_a_password_only_session_does_not_open_the_admin(self, client, superuser, coordinator):
        # e.g. a session from before the switch was turned on
        for user in (superuser, coordinator):
            client.force_login(user)
            response = client.get("/admin/")
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")

    def test_a_password_only_session_cannot_upload_editor_images(self, client, superuser):
        client.force_login(superuser)
        assert client.post("/editor/upload/").status_code == 403

    def test_an_editor_without_an_authenticator_is_sent_to_enrolment(self, client, editor):
        response = login(client, "editor")
        assert response.status_code == 302 and response["Location"] == "/admin/two-factor/"
        page = client.get("/admin/two-factor/")
        assert page.status_code == 200
        assert "Every staff account needs two-factor" in page.content.decode()
        # Nothing else of the admin, nor the staff-only pages outside it, until enrolled.
        response = client.get("/admin/news/post/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
        assert client.get(response["Location"])["Location"] == "/admin/two-factor/"
        assert client.post("/editor/upload/").status_code == 403
        client.post("/admin/two-factor/", {"action": "logout"})
        assert "_auth_user_id" not in client.session

    def test_an_editor_who_enrolled_must_give_the_code(self, client, editor):
        device = new_device(editor, confirmed=True)
        response = login(client, "editor")
        assert "Enter the 6-digit code" in response.content.decode()
        assert login(client, "editor", code(device)).status_code == 302

    def test_an_unconfirmed_device_does_not_count(self, client, superuser):
        new_device(superuser, confirmed=False)
        assert "no authenticator" in login(client, "root", "123456").content.decode()


def test_with_the_switch_off_superusers_log_in_with_the_password(client, superuser):
    assert login(client, "root").status_code == 302
    assert client.get("/admin/").status_code == 200


class TestEnrolCommand:
    def test_prints_a_uri_that_works_for_login(self, client, superuser, settings):
        settings.PINA_REQUIRE_2FA = True
        out = StringIO()
        call_command("enrol_totp", "root", "--name", "Phone", stdout=out)
        output = out.getvalue()
        uri = re.search(r"otpauth://totp/\S+", output).group(0)
        assert "issuer=PINA" in uri and "secret=" in uri
        device = TOTPDevice.objects.get(user=superuser)
        assert device.confirmed and device.name == "Phone"
        assert login(client, "root", code(device)).status_code == 302

    def test_refuses_to_silently_add_a_second_one(self, superuser):
        call_command("enrol_totp", "root", stdout=StringIO())
        with pytest.raises(CommandError, match="--replace"):
            call_command("enrol_totp", "root", stdout=StringIO())
        call_command("enrol_totp", "root", "--replace", "--qr", stdout=StringIO())
        assert TOTPDevice.objects.filter(user=superuser).count() == 1

    def test_refuses_unknown_and_non_staff_users(self, django_user_model):
        with pytest.raises(CommandError, match="no user"):
            call_command("enrol_totp", "ghost", stdout=StringIO())
        django_user_model.objects.create_user("visitor", password="x" * 14)
        with pytest.raises(CommandError, match="not a staff"):
            call_command("enrol_totp", "visitor", stdout=StringIO())


class TestEnrolInTheAdmin:
    URL = "/admin/two-factor/"

    def test_an_editor_sets_up_an_authenticator(self, client, editor):
        client.force_login(editor)
        page = client.get(self.URL)
        assert page.status_code == 200
        assert "No authenticator is set up" in page.content.decode()
        client.post(self.URL, {"action": "start"})
        page = client.get(self.URL).content.decode()
        assert 'src="data:image/svg+xml' in page
        device = TOTPDevice.objects.get(user=editor, confirmed=False)
        wrong = client.post(self.URL, {"action": "confirm", "otp_token": wrong_code(device)})
        assert "does not match" in wrong.content.decode()
        device.throttle_reset()
        response = client.post(self.URL, {"action": "confirm", "otp_token": code(device)})
        assert response.status_code == 200 and "recovery codes" in response.content.decode()
        device.refresh_from_db()
        assert device.confirmed
        page = client.get(self.URL).content.decode()
        assert device.name in page

    def test_the_link_is_in_the_admin_header(self, client, editor):
        client.force_login(editor)
        assert 'href="/admin/two-factor/"' in client.get("/admin/").content.decode()

    def test_anonymous_visitors_are_sent_to_login(self, client):
        response = client.get(self.URL)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_the_page_never_shows_someone_elses_pending_device(self, client, editor, coordinator):
        other = new_device(coordinator)
        client.force_login(editor)
        session = client.session
        session["pina_totp_pending_device"] = other.pk
        session.save()
        page = client.get(self.URL).content.decode()
        assert "data:image/svg+xml" not in page


def test_ensure_staff_login_says_how_to_enrol_when_2fa_is_on(settings):
    settings.PINA_REQUIRE_2FA = True
    out = StringIO()
    call_command("ensure_staff_login", stdout=out)
    assert "enrol_totp admin" in out.getvalue()


class TestStaffRequired:
    """pina.security.access.staff_required: the admin's rule for staff-only views outside the admin
    (exports, previews of drafts)."""

    @staticmethod
    def view(request):
        from django.http import HttpResponse

        return HttpResponse("secret list")

    def call(self, user, verified=False):
        from django.contrib.auth.models import AnonymousUser
        from django.test import RequestFactory

        from pina.security.access import staff_required

        request = RequestFactory().get("/en/export/")
        request.user = user or AnonymousUser()
        request.user.is_verified = lambda: verified
        return staff_required(self.view)(request)

    def test_anonymous_visitors_go_to_the_login(self):
        response = self.call(None)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=/en/export/")

    def test_staff_get_in_and_non_staff_do_not(self, editor, django_user_model):
        assert self.call(editor).status_code == 200
        visitor = django_user_model.objects.create_user("visitor", password="v" * 14)
        assert self.call(visitor).status_code == 302

    def test_an_unverified_coordinator_is_refused_when_2fa_is_required(self, coordinator, settings):
        from django.core.exceptions import PermissionDenied

        settings.PINA_REQUIRE_2FA = True
        with pytest.raises(PermissionDenied):
            self.call(coordinator)
        assert self.call(coordinator, verified=True).status_code == 200


def test_the_login_page_is_translated_with_djangos_own_strings_kept(client):
    body = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Код аутентификации" in body  # ours
    assert "Войти" in body  # Django's, not shadowed by an empty entry in our catalogue
