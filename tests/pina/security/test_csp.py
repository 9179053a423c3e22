"""Security headers on every answer: the Content-Security-Policy (pina/security/csp.py), and
Django's own (nosniff, referrer, framing, opener)."""

import pytest

pytestmark = pytest.mark.django_db


def test_security_headers_on_public_pages(client):
    response = client.get("/en/")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_admin_policy_allows_inline_styles_but_never_inline_script(client, superuser):
    client.force_login(superuser)
    csp = client.get("/admin/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert "'unsafe-inline'" in directives["style-src"]
    assert directives["script-src"] == "'self'"
