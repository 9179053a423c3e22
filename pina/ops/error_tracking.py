"""Optional error tracking: with `SENTRY_DSN` set, sentry-sdk reports unhandled errors and ERROR
log records to Sentry or a self-hosted GlitchTip (which speaks the same protocol). What leaves
the server carries no personal data: no default PII (no user, no IP address, no cookies), no
local variables of the stack frames, no request body, query string or headers beyond the few
that say which browser and page, and every remaining text passed through the same masking as
the logs (pina.ops.logs.mask_personal_data) before it is sent. Without `SENTRY_DSN` nothing is
imported and nothing is sent (docs/security.md, "Personal data in logs and error reports").
"""

import logging

from pina.ops.logs import CLEANSED, mask_personal_data

# The request headers an error report keeps: enough to reproduce, nothing that identifies.
KEPT_HEADERS = {"Accept", "Accept-Language", "Content-Type", "Host", "User-Agent"}
# Parts of an event that hold what a visitor sent or who they are: dropped whole.
DROPPED_REQUEST_PARTS = ("cookies", "data", "query_string", "env")


def masked(value):
    """`value` (an event, or any part of one) with every string masked, recursively."""
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, dict):
        return {key: masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [masked(item) for item in value]
    return value


def _without_frame_variables(exception_values):
    for exception in exception_values or ():
        for frame in (exception.get("stacktrace") or {}).get("frames") or ():
            frame.pop("vars", None)


def scrub_event(event, hint=None):
    """sentry-sdk's `before_send`: the event as it may leave the server."""
    request = event.get("request")
    if isinstance(request, dict):
        for part in DROPPED_REQUEST_PARTS:
            request.pop(part, None)
        headers = request.get("headers") or {}
        request["headers"] = {
            name: value if name in KEPT_HEADERS else CLEANSED for name, value in headers.items()
        }
        if "url" in request:
            request["url"] = str(request["url"]).split("?", 1)[0]
    event.pop("user", None)
    event.pop("server_name", None)  # the host name is the operator's business only
    _without_frame_variables((event.get("exception") or {}).get("values"))
    for thread in (event.get("threads") or {}).get("values") or ():
        (thread.get("stacktrace") or {}).pop("frames", None)
    return masked(event)


def scrub_breadcrumb(crumb, hint=None):
    """sentry-sdk's `before_breadcrumb`: SQL parameters and log messages masked, HTTP
    breadcrumbs without their query strings."""
    data = crumb.get("data")
    if isinstance(data, dict) and "url" in data:
        data["url"] = str(data["url"]).split("?", 1)[0]
    if crumb.get("category") == "query":
        crumb.pop("data", None)  # the parameters of a query may be a volunteer's answers
    return masked(crumb)


def start_error_tracking(dsn: str, *, environment: str, release: str = "", **options) -> None:
    """Turn sentry-sdk on for this process (`options` reach `sentry_sdk.init`, for tests)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        # Errors only: performance tracing would send every page's address and timings.
        traces_sample_rate=0,
        integrations=[
            DjangoIntegration(),
            LoggingIntegration(level=logging.INFO, event_level=logging.ERROR),
        ],
        **options,
    )
