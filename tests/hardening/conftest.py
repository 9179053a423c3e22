import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Lockout and login tests hash many passwords; the real hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
