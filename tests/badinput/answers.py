"""What every answer to bad input must look like."""

from .pages import assert_no_leak, assert_site_page

# 403 and 405 are not expected from any public page given bad input.
EXPECTED_STATUSES = frozenset({200, 301, 302, 400, 404, 429})

CONTENT_TYPES = {
    "html": "text/html",
    "ics": "text/calendar",
    "feed": "application/rss+xml",
    "sitemap": "application/xml",
    "json": "application/json",
    "text": "text/plain",
}


def assert_answer(response, kind="html", allow_405=False):
    """An expected status; HTML in the site's layout (error pages always are); never a leak.
    `allow_405`: the address answers only POST."""
    status = response.status_code
    if allow_405 and status == 405:
        return ""
    assert status in EXPECTED_STATUSES, status
    if kind == "html" or status not in (200, 301, 302):
        return assert_site_page(response, EXPECTED_STATUSES)
    if status == 200:
        assert response["Content-Type"].startswith(CONTENT_TYPES[kind]), response["Content-Type"]
        return assert_no_leak(response)
    return assert_site_page(response, EXPECTED_STATUSES)
