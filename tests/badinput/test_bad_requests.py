"""Oversized and malformed requests are refused with the site's own 400/403 pages, never a 500."""

import pytest
from django.test import Client

from .pages import assert_site_page

pytestmark = pytest.mark.django_db


def test_body_over_the_limit_is_refused_with_the_branded_400(client, settings):
    body = "x=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/admin/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    body = assert_site_page(response, {400})
    assert "Bad request" in body


def test_ten_thousand_fields_are_refused_with_the_branded_400(client):
    fields = "&".join(f"f{i}=1" for i in range(10_000))
    response = client.post(
        "/admin/login/", fields, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Bad request" in assert_site_page(response, {400})


def test_ten_thousand_multipart_fields_are_refused(client):
    response = client.post("/admin/login/", {f"f{i}": "1" for i in range(10_000)})
    assert response.status_code == 400
    assert_site_page(response, {400})


def test_oversized_body_on_a_public_page_with_csrf_checks(client):
    """A real browser's POST goes through the CSRF check first, which reads the body."""
    strict = Client(enforce_csrf_checks=True)
    strict.get("/admin/login/")  # sets the CSRF cookie
    token = strict.cookies["csrftoken"].value
    body = f"csrfmiddlewaretoken={token}&x=" + "a" * (6 * 1024 * 1024)
    response = strict.post("/en/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert_site_page(response, {400})


def test_the_400_page_is_in_the_visitors_language():
    strict = Client(enforce_csrf_checks=True)
    strict.get("/admin/login/")
    token = strict.cookies["csrftoken"].value
    fields = f"csrfmiddlewaretoken={token}&" + "&".join(f"f{i}=1" for i in range(10_000))
    response = strict.post("/ru/", fields, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    body = assert_site_page(response, {400})
    assert '<html lang="ru">' in body


def test_form_without_csrf_token_gets_the_branded_expired_form_page():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/ru/", {"name": "x"})
    assert response.status_code == 403
    body = assert_site_page(response, {403})
    assert '<html lang="ru">' in body
    assert "CSRF" not in body  # no jargon, no Django's debug explanation


def test_permission_denied_is_the_branded_403(client, rf):
    from django.core.exceptions import PermissionDenied
    from django.utils import translation

    from pina.site.views import permission_denied

    request = rf.get("/en/")
    with translation.override("en"):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert b"Access denied" in response.content
    assert b'class="site-header"' in response.content


@pytest.mark.parametrize("host", ["evil.example", "testserver:abc", "a" * 300, "bad host"])
def test_a_forged_host_header_gets_the_branded_400(host):
    client = Client(raise_request_exception=False)
    response = client.get("/en/", HTTP_HOST=host)
    assert response.status_code == 400
    body = assert_site_page(response, {400})
    assert host not in body


@pytest.mark.parametrize(
    "url",
    [
        "/en/news/?category=%00",  # was a 500 on PostgreSQL (the category lookup)
        "/ru/conferences/?organization=%00",  # was a 500 on PostgreSQL (the organization filter)
        "/uz/search/?q=a%00b",
        "/en/news/?page=1&x%01=1",
        "/en/volunteer/confirm/abcdefgh%00ijkl/",
    ],
)
def test_a_control_character_in_the_address_is_the_branded_404(client, content, url):
    response = client.get(url)
    assert response.status_code == 404
    body = assert_site_page(response, {404})
    language = url.split("/")[1]
    assert f'<html lang="{language}">' in body
