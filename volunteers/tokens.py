"""Signed links in the volunteer's e-mail: confirm the address, and withdraw the application."""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.utils.crypto import salted_hmac

from .models import VolunteerApplication

CONFIRMATION_MAX_AGE = timedelta(days=3)
CONFIRM = "volunteers.confirm-email"
WITHDRAW = "volunteers.withdraw"


@dataclass
class TokenCheck:
    """What a link says: `state` is valid, expired, erased or invalid."""

    state: str
    application: VolunteerApplication | None = None

    @property
    def is_valid(self) -> bool:
        return self.state == "valid"


def _fingerprint(application: VolunteerApplication) -> str:
    return salted_hmac("volunteers.token-address", application.email_key or "").hexdigest()[:16]


def make_token(application: VolunteerApplication, purpose: str) -> str:
    """The application and a fingerprint of its address, signed with the secret key and a
    purpose-specific salt: it cannot be forged, reused for the other purpose, or used once the
    address has been erased. Confirmation links expire after `CONFIRMATION_MAX_AGE`; withdrawal
    links do not (a volunteer may change their mind at any time), but die with the personal
    data."""
    return signing.dumps({"a": application.pk, "f": _fingerprint(application)}, salt=purpose)


def read_token(token: str, purpose: str) -> TokenCheck:
    max_age = CONFIRMATION_MAX_AGE if purpose == CONFIRM else None
    expired = False
    if not token or len(token) > 300:
        return TokenCheck("invalid")
    try:
        payload = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.SignatureExpired:
        # The signature is genuine but old: read it without the age check to say whose it is.
        payload = signing.loads(token, salt=purpose)
        expired = True
    except (signing.BadSignature, ValueError, UnicodeError):
        return TokenCheck("invalid")
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), int):
        return TokenCheck("invalid")
    application = VolunteerApplication.objects.filter(pk=payload["a"]).first()
    if application is None:
        return TokenCheck("invalid")
    if application.is_anonymized:
        return TokenCheck("erased", application)
    if payload.get("f") != _fingerprint(application):
        return TokenCheck("invalid")
    return TokenCheck("expired" if expired else "valid", application)
