"""Signed links in the volunteer's e-mail: confirm the address, withdraw the application, and
confirm a change sent with the address."""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.utils.crypto import salted_hmac

from .models import PendingApplicationChange, VolunteerApplication

CONFIRMATION_MAX_AGE = timedelta(days=3)
CONFIRM = "volunteers.confirm-email"
WITHDRAW = "volunteers.withdraw"
CHANGE = "volunteers.confirm-change"


@dataclass
class TokenCheck:
    """What a link says: `state` is valid, expired, erased or invalid."""

    state: str
    application: VolunteerApplication | None = None
    change: PendingApplicationChange | None = None

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


def make_change_token(change: PendingApplicationChange) -> str:
    """The link that applies a pending change: the change and the fingerprint of its
    application's address, signed for this purpose only. It expires with the change (signup
    .CHANGE_MAX_AGE), and dies when the change is applied or replaced by a newer one."""
    return signing.dumps({"c": change.pk, "f": _fingerprint(change.application)}, salt=CHANGE)


def read_change_token(token: str) -> TokenCheck:
    """valid; expired (the change expired, was applied or was replaced); invalid (forged)."""
    if not token or len(token) > 300:
        return TokenCheck("invalid")
    try:
        payload = signing.loads(token, salt=CHANGE)
    except (signing.BadSignature, ValueError, UnicodeError):
        return TokenCheck("invalid")
    if not isinstance(payload, dict) or not isinstance(payload.get("c"), int):
        return TokenCheck("invalid")
    change = (
        PendingApplicationChange.objects.select_related("application")
        .filter(pk=payload["c"])
        .first()
    )
    if change is None:
        return TokenCheck("expired")
    if payload.get("f") != _fingerprint(change.application):
        return TokenCheck("invalid")
    if change.is_expired:
        return TokenCheck("expired", change.application, change)
    return TokenCheck("valid", change.application, change)
