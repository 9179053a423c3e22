"""The challenge the volunteer form asks for once an address is busy (volunteers.abuse): a proof
of work the browser solves (ALTCHA, checked here with the `altcha` library; solved by our own
static/js/altcha-solver.js, which the strict CSP allows), or, without JavaScript, an image
captcha (django-simple-captcha). Both are served by this site: nothing goes to a third party.
"""

import hashlib
import json
import logging
import secrets
from datetime import timedelta

from altcha import v1 as altcha
from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

# Letters only, none that look alike (0/O, 1/I/l, 5/S, 2/Z, 8/B).
_CAPTCHA_ALPHABET = "ACDEFGHJKMNPQRTUVWXY"


def captcha_letters() -> tuple[str, str]:
    """django-simple-captcha's CAPTCHA_CHALLENGE_FUNCT: (what the picture shows, the answer)."""
    text = "".join(secrets.choice(_CAPTCHA_ALPHABET) for _ in range(settings.CAPTCHA_LENGTH))
    return text, text.lower()


def _hmac_key() -> str:
    # Derived from SECRET_KEY, so no other setting to keep secret; a separate salt keeps these
    # signatures apart from every other use of the key.
    return salted_hmac("volunteers.challenge.altcha", "").hexdigest()


def new_challenge() -> dict:
    """A proof-of-work challenge, as the solver script reads it (JSON in a data attribute)."""
    challenge = altcha.create_challenge(
        algorithm="SHA-256",
        max_number=settings.VOLUNTEER_CHALLENGE_MAX_NUMBER,
        hmac_key=_hmac_key(),
        expires=timezone.now() + timedelta(seconds=settings.VOLUNTEER_FORM_MAX_AGE_SECONDS),
    )
    return challenge.to_dict()


def challenge_json() -> str:
    return json.dumps(new_challenge(), separators=(",", ":"))


def proof_of_work_valid(payload: str) -> bool:
    """True for a correct, unexpired solution not used before (each is good for one post)."""
    if not payload or len(payload) > 2000:
        return False
    try:
        valid, _error = altcha.verify_solution(payload, _hmac_key(), check_expires=True)
    except Exception:  # a malformed payload the library did not expect
        logger.info("Proof of work refused: malformed payload", exc_info=True)
        return False
    if not valid:
        return False
    return _first_use(payload)


def _first_use(payload: str) -> bool:
    """Record the solution as used; `add` is atomic, so of two racing posts only one passes.
    A cache that does not answer lets it through, as the rate limits do."""
    digest = hashlib.sha256(payload.encode()).hexdigest()
    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    try:
        added = cache.add(
            f"volunteers:used-pow:{digest}", 1, settings.VOLUNTEER_FORM_MAX_AGE_SECONDS + 120
        )
    except Exception:  # any cache backend error
        logger.warning("Proof of work reuse not checked: the cache is unreachable", exc_info=True)
        return True
    return True if added is None else bool(added)


def solve(challenge: dict) -> str:
    """The payload a browser would send for `challenge` (tests and the load test's bot)."""
    number = next(
        n
        for n in range(challenge["maxNumber"] + 1)
        if hashlib.sha256(f"{challenge['salt']}{n}".encode()).hexdigest() == challenge["challenge"]
    )
    return altcha.Payload(
        challenge["algorithm"],
        challenge["challenge"],
        number,
        challenge["salt"],
        challenge["signature"],
    ).to_base64()
