"""Admin login lockout (django-axes): per user name and per address, with a clear page and a
way for superusers to unlock."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, RequestFactory

from pina.security.access import client_ip

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


def attempt(client, username, password="wrong-password-123", ip="10.0.0.1"):  # noqa: S107
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_failures_lock_the_user_name_even_from_other_addresses(client, editor, settings):
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "editor", ip=f"10.0.1.{i}")
        assert response.status_code == 200
        assert "correct username and password" in response.content.decode()
    locked = attempt(client, "editor", ip="10.0.1.200")
    assert locked.status_code == 429
    # The right password from yet another address does not get in while locked.
    response = attempt(client, "editor", password="correct-horse-battery", ip="10.0.2.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_lock_the_address_for_every_user_name(client, editor, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess{i}", ip="10.0.3.3")
    response = attempt(client, "editor", password="correct-horse-battery", ip="10.0.3.3")
    assert response.status_code == 429
    # Another address is not affected.
    response = attempt(client, "editor", password="correct-horse-battery", ip="10.0.3.4")
    assert response.status_code == 302


def test_lockout_page_says_what_happened_and_how_to_get_unlocked(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, "editor")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed logins" in body
    assert "30 minutes" in body
    assert "superuser" in body and "Access attempts" in body
    assert "PINA administration" in body  # in the admin's own layout
    assert "Traceback" not in body


def test_a_superuser_unlocks_with_the_management_command(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "editor")
    assert attempt(client, "editor", password="correct-horse-battery").status_code == 429
    call_command("axes_reset_username", "editor")
    call_command("axes_reset_ip", "10.0.0.1")
    response = attempt(client, "editor", password="correct-horse-battery")
    assert response.status_code == 302


def test_a_superuser_unlocks_in_the_admin(client, editor, superuser, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "editor")
    assert AccessAttempt.objects.filter(username="editor").exists()
    admin_client = Client()
    admin_client.force_login(superuser)
    listing = admin_client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "editor" in listing.content.decode()
    pks = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert attempt(client, "editor", password="correct-horse-battery").status_code == 302


def test_editors_cannot_see_or_clear_login_attempts(client, editor):
    client.force_login(editor)
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_stored_attempts_hold_no_password(client, editor):
    attempt(client, "editor", password="my-secret-guess-123")
    stored = AccessAttempt.objects.get(username="editor")
    assert "my-secret-guess-123" not in stored.post_data


def test_logins_outside_requests_are_not_blocked(client, editor):
    """`Client.login` and the shell authenticate without a request; they still work."""
    assert client.login(username="editor", password="correct-horse-battery")


class TestClientAddress:
    factory = RequestFactory()

    def test_without_proxies_the_forwarded_header_is_ignored(self, settings):
        settings.PINA_PROXY_COUNT = 0
        request = self.factory.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
        assert client_ip(request) == "10.1.1.1"

    def test_behind_one_proxy_the_address_it_added_is_used(self, settings):
        settings.PINA_PROXY_COUNT = 1
        request = self.factory.get(
            "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
        )
        # "6.6.6.6" was written by the client and could be anything.
        assert client_ip(request) == "203.0.113.9"

    def test_a_garbled_header_falls_back_to_the_connection(self, settings):
        settings.PINA_PROXY_COUNT = 2
        request = self.factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="x")
        assert client_ip(request) == "127.0.0.1"
        settings.PINA_PROXY_COUNT = 1
        request = self.factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="<script>")
        assert client_ip(request) == "127.0.0.1"
        request = self.factory.get("/", REMOTE_ADDR="")
        assert client_ip(request) is None

    def test_lockout_behind_a_proxy_is_per_visitor(self, client, editor, settings):
        settings.PINA_PROXY_COUNT = 1
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                LOGIN,
                {"username": "nobody", "password": "x" * 12},
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR="198.51.100.7",
            )
        other_visitor = client.post(
            LOGIN,
            {"username": "editor", "password": "correct-horse-battery"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.8",
        )
        assert other_visitor.status_code == 302


def test_rate_limits_use_the_same_client_address(settings):
    """django-ratelimit's key="ip" goes through pina.security.access.client_ip
    (RATELIMIT_IP_META_KEY)."""
    from django_ratelimit.core import is_ratelimited

    settings.PINA_PROXY_COUNT = 1
    factory = RequestFactory()

    def limited(forwarded):
        request = factory.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        return is_ratelimited(request, group="t", key="ip", rate="2/m", increment=True)

    assert [limited("198.51.100.1") for _ in range(3)] == [False, False, True]
    assert limited("198.51.100.2") is False  # another visitor behind the same proxy
