"""Recovery codes (django-otp static tokens): ten shown once when the first authenticator is
confirmed, each accepted once in the login's code field, made anew (the old ones void) on the
two-factor page; and the second factor for every staff account, editors included."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pina.security.access import two_factor_mandatory
from pina.security.two_factor import new_device, new_recovery_codes
from tests.pina.security.test_two_factor import code, login

pytestmark = pytest.mark.django_db
PAGE = "/admin/two-factor/"


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.PINA_REQUIRE_2FA = True


def codes_in(html):
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)


def enrol_in_the_admin(client, username):
    """Log in with the password only, set up an authenticator; returns the confirming answer."""
    assert login(client, username)["Location"] == PAGE
    client.post(PAGE, {"action": "start"})
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    return client.post(PAGE, {"action": "confirm", "otp_token": code(device)})


def test_every_staff_account_needs_a_second_factor(editor, coordinator, superuser):
    assert all(two_factor_mandatory(user) for user in (editor, coordinator, superuser))


def test_enrolment_shows_ten_codes_once(client, editor):
    response = enrol_in_the_admin(client, "editor")
    codes = codes_in(response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "no-store" in response["Cache-Control"]
    stored = set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert stored == set(codes)
    # The session is verified now: the admin opens; the page only counts the codes.
    assert client.get("/admin/").status_code == 200
    page = client.get(PAGE).content.decode()
    assert codes_in(page) == [] and not any(c in page for c in codes)
    assert "You have 10 unused recovery codes" in page
    assert "recovery" not in str(client.session.items())


def test_a_recovery_code_works_once_at_login(editor):
    new_device(editor, confirmed=True)
    first, second = new_recovery_codes(editor)[:2]
    client = Client()
    response = login(client, "editor", first.upper())
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    other = Client()
    again = login(other, "editor", first)
    assert again.status_code == 200 and "not valid" in again.content.decode()
    assert "_auth_user_id" not in other.session
    StaticDevice.objects.get(user=editor).throttle_reset()
    assert login(Client(), "editor", second).status_code == 302
    assert StaticToken.objects.filter(device__user=editor).count() == 8


def test_a_coordinator_who_lost_the_phone_signs_in_with_a_recovery_code(coordinator):
    codes = new_recovery_codes(coordinator)
    TOTPDevice.objects.filter(user=coordinator).delete()
    assert login(Client(), "coordinator", codes[0]).status_code == 302


def test_making_new_codes_voids_the_old_ones(client, editor):
    enrolled = enrol_in_the_admin(client, "editor")
    old = codes_in(enrolled.content.decode())
    response = client.post(PAGE, {"action": "recovery"})
    new = codes_in(response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert "no longer work" in response.content.decode()
    assert login(Client(), "editor", old[0]).status_code == 200
    StaticDevice.objects.get(user=editor).throttle_reset()  # the wrong code delays the next
    assert login(Client(), "editor", new[0]).status_code == 302


def test_a_session_that_must_enrol_cannot_make_codes(client, editor):
    login(client, "editor")
    response = client.post(PAGE, {"action": "recovery"})
    assert codes_in(response.content.decode()) == []
    assert not StaticDevice.objects.filter(user=editor).exists()


def test_adding_a_second_authenticator_keeps_the_codes(client, editor):
    enrol_in_the_admin(client, "editor")
    before = set(StaticToken.objects.values_list("token", flat=True))
    client.post(PAGE, {"action": "start"})
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    response = client.post(PAGE, {"action": "confirm", "otp_token": code(device)})
    assert response.status_code == 302
    assert set(StaticToken.objects.values_list("token", flat=True)) == before


def test_coordinators_and_superusers_still_get_their_first_authenticator_from_an_operator(
    client, coordinator
):
    response = login(client, "coordinator")
    assert response.status_code == 200 and "enrol_totp" in response.content.decode()
    assert "_auth_user_id" not in client.session
    call_command("enrol_totp", "coordinator", stdout=StringIO())
    device = TOTPDevice.objects.get(user=coordinator)
    assert login(client, "coordinator", code(device)).status_code == 302


def test_codes_never_reach_the_logs(client, editor, caplog):
    new_device(editor, confirmed=True)
    codes = new_recovery_codes(editor)
    with caplog.at_level("DEBUG"):
        login(client, "editor", codes[0])
        login(Client(), "editor", codes[0])
    assert caplog.records and not any(c in caplog.text for c in codes)


def test_the_login_form_says_a_recovery_code_is_accepted(client):
    body = client.get("/admin/login/").content.decode()
    assert "or one of your recovery codes" in body
    assert 'inputmode="numeric"' not in body


def test_the_new_strings_are_translated(client, editor):
    enrol_in_the_admin(client, "editor")
    ru = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Коды восстановления" in ru and "неиспользованных кодов восстановления" in ru
    uz = Client().get("/admin/login/", HTTP_ACCEPT_LANGUAGE="uz").content.decode()
    assert "tiklash kodlaringizdan biri" in uz
