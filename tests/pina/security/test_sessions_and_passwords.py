"""Staff sessions end with the browser and after 8 hours; passwords must be strong."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


def test_the_session_cookie_ends_with_the_browser_and_the_session_after_8_hours(client, editor):
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.session.get_expiry_age() == 8 * 3600


@pytest.mark.parametrize(
    "password",
    ["short1!", "password123456", "123456789012345", "editor@example.org1", "qwertyuiop12"],
)
def test_weak_passwords_are_refused(editor, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=editor)


def test_a_long_unusual_password_is_accepted(editor):
    validate_password("steppe-apricot-Samarkand-1947", user=editor)


def test_the_admin_password_change_applies_the_validators(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode() or "too common" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password("correct-horse-battery")
