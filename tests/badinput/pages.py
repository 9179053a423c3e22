"""Assertions shared by the bad-input and fault tests: an answer to bad input is one of the
expected statuses, in the site's layout, and shows no traceback or debug detail."""

ALLOWED_STATUSES = frozenset({200, 301, 302, 400, 403, 404, 405, 429})
LEAK_MARKERS = (
    "Traceback",
    "Exception Value",
    "Request Method:",
    "django.db",
    "psycopg2",
    "OperationalError",
    "DJANGO_SECRET_KEY",
    "SECRET_KEY",
    "Internal Server Error",
)


def assert_no_leak(response):
    body = response.content.decode("utf-8", errors="replace")
    for marker in LEAK_MARKERS:
        assert marker not in body, f"{marker!r} shown to the visitor"
    return body


def assert_site_page(response, statuses=ALLOWED_STATUSES):
    """The response has an allowed status and, if it has a body to show, is a page of the site's
    own layout (header, main and footer of templates/base.html) with nothing leaked."""
    assert response.status_code in statuses, response.status_code
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location
        return ""
    if response.status_code == 405:
        return ""
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    body = assert_no_leak(response)
    assert 'class="site-header"' in body
    assert '<main id="content"' in body
    assert 'class="site-footer"' in body
    return body
