"""What keeps bots and floods out of the volunteer form, besides CSRF: a honeypot field, a signed
timestamp issued with the form (good for one accepted submission), per-address rate limits with
a challenge once an address is busy (volunteers.challenge), a per-e-mail limit, and the event
links' own limits (docs/security.md, "Volunteer form").
"""

import hashlib
import ipaddress
import logging
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django_ratelimit.core import get_usage

from pina.security.access import client_ip

logger = logging.getLogger(__name__)

# A field people never see (hidden by CSS, aria-hidden, out of the tab order): anything typed
# into it marks the submission as a bot's. A name no browser autofill recognises, so a real
# visitor's browser never fills it in.
HONEYPOT_FIELD = "referral_code"
FORM_STAMP_FIELD = "form_stamp"
_STAMP_SALT = "volunteers.signup.form-stamp"

# Rate-limit groups (django-ratelimit, in the cache): the cache keys of each counter. A loose
# limit on every POST, and the real one on accepted applications (`VOLUNTEER_SIGNUP_RATE`).
POSTS = "volunteers.signup.posts"
ACCEPTED = "volunteers.signup.accepted"
RESEND = "volunteers.confirmation.resend"
# Accepted submissions per e-mail address, and the counters of each event link.
PER_EMAIL = "volunteers.signup.per-email"
EVENT_POSTS = "volunteers.signup.event-posts"
EVENT_ACCEPTED = "volunteers.signup.event-accepted"


def issue_form_stamp(issued_at: float | None = None) -> str:
    """A signed record of when the form was shown: a submission sooner than a person could fill
    the form, or a forged, stale or already used stamp, is sent back with a message. The random
    part tells apart the forms shown in the same second, each good for one submission."""
    issued_at = time.time() if issued_at is None else issued_at
    return signing.Signer(salt=_STAMP_SALT).sign(f"{int(issued_at)}.{secrets.token_hex(8)}")


def form_stamp_age(stamp: str) -> float | None:
    """Seconds since the stamp was issued, or None if it is missing, forged or malformed."""
    if not stamp or len(stamp) > 200:
        return None
    try:
        issued_at, _nonce = signing.Signer(salt=_STAMP_SALT).unsign(stamp).split(".")
        return time.time() - int(issued_at)
    except (signing.BadSignature, ValueError):
        return None


def use_form_stamp(stamp: str) -> bool:
    """Record that this stamp's form was accepted; False if it had been already.

    Kept in the rate limits' cache until the stamp is stale anyway. `add` is atomic, so of two
    submissions racing with one stamp only one gets True. A cache that does not answer lets
    the submission through (as the rate limits do) rather than turn volunteers away.
    """
    if not settings.VOLUNTEER_FORM_STAMP_SINGLE_USE:
        return True
    digest = hashlib.sha256(stamp.encode()).hexdigest()
    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    try:
        added = cache.add(
            f"volunteers:used-stamp:{digest}", 1, settings.VOLUNTEER_FORM_MAX_AGE_SECONDS + 120
        )
    except Exception:  # any cache backend error
        logger.warning("Form stamp reuse not checked: the cache is unreachable", exc_info=True)
        return True
    if added is None:  # django-redis with IGNORE_EXCEPTIONS: the cache did not answer
        logger.warning("Form stamp reuse not checked: the cache did not answer")
        return True
    return bool(added)


def check_form_stamp(stamp: str) -> str | None:
    """'ok', 'too-fast' or 'invalid' (forged, malformed or older than the allowed maximum)."""
    age = form_stamp_age(stamp)
    if age is None or age > settings.VOLUNTEER_FORM_MAX_AGE_SECONDS or age < -60:
        return "invalid"
    if age < settings.VOLUNTEER_FORM_MIN_SECONDS:
        return "too-fast"
    return "ok"


def honeypot_filled(data) -> bool:
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


def visitor_address(group, request) -> str:
    """The visitor's network, the key of every rate limit.

    The address is the one the admin's login lockout uses (pina.security.access.client_ip:
    REMOTE_ADDR, or X-Forwarded-For behind PINA_PROXY_COUNT trusted proxies), unless
    `CLIENT_IP_HEADER` (e.g. X-Real-IP) names a header a proxy puts the visitor's address in.
    IPv6 visitors are grouped by /64, since one household or phone gets a whole /64.
    """
    raw = ""
    header = settings.CLIENT_IP_HEADER
    if header:
        raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    raw = (raw or client_ip(request) or "").split(",")[0].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _usage(request, group: str, rate: str, increment: bool = False, key=None) -> dict | None:
    """The counter's state, or None when limits are off or the cache is unreachable.

    `key` is what is counted (a callable of group and request): the visitor's network unless
    told otherwise. A broken cache must not turn volunteers away: the limit then fails open
    (and says so in the log) rather than refusing every sign-up.
    """
    try:
        usage = get_usage(
            request, group=group, key=key or visitor_address, rate=rate, increment=increment
        )
    except Exception:  # any cache backend error
        logger.warning("Rate limit %s skipped: the cache is unreachable", group, exc_info=True)
        return None
    if usage is not None and usage["limit"] == 0 and usage["time_left"] == -1:
        logger.warning("Rate limit %s skipped: the cache did not answer", group)
        return None
    return usage


def count_attempt(request, group: str, rate: str, key=None) -> bool:
    """Count one more attempt; True if this one goes over the limit."""
    usage = _usage(request, group, rate, increment=True, key=key)
    return bool(usage and usage["should_limit"])


def limit_reached(request, group: str, rate: str, key=None) -> bool:
    """True if the next attempt would go over the limit (counts nothing)."""
    usage = _usage(request, group, rate, key=key)
    return bool(usage and usage["count"] >= usage["limit"])


def seconds_until_reset(request, group: str, rate: str, key=None) -> int:
    usage = _usage(request, group, rate, key=key)
    return max(int(usage["time_left"]), 1) if usage else 3600


def challenge_due(request) -> bool:
    """True once the visitor's network has had VOLUNTEER_CHALLENGE_AFTER sign-ups accepted in
    the current window of VOLUNTEER_SIGNUP_RATE (the same counter, so no second one to keep).
    Off with the limits (RATELIMIT_ENABLE) and when the cache does not answer."""
    usage = _usage(request, ACCEPTED, settings.VOLUNTEER_SIGNUP_RATE)
    return bool(usage and usage["count"] >= settings.VOLUNTEER_CHALLENGE_AFTER)


def email_counter(email_key: str):
    """The per-e-mail counter's key: a digest, so the cache holds no address."""
    digest = hashlib.sha256(email_key.encode()).hexdigest()
    return lambda group, request: f"email:{digest}"


def link_counter(link):
    return lambda group, request: f"event-link:{link.pk}"


def event_rates(link) -> tuple[str, str]:
    """(accepted, posts) per day for an event link."""
    posts = link.daily_limit * settings.VOLUNTEER_EVENT_POSTS_PER_SIGNUP
    return f"{link.daily_limit}/d", f"{posts}/d"
