"""Neither the login's `next` nor the language switcher ever sends a visitor to another site."""

import re
from urllib.parse import quote

import pytest
from django.test import RequestFactory

from pina.site.languages import language_versions, local_path
from pina.site.models import DEFAULT_EXIT_PAGE_URL

pytestmark = pytest.mark.django_db

OFFSITE_TARGETS = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "\t//evil.example",
    "/%2F/evil.example",
    "https://testserver.evil.example/",
    "https://evil.example@testserver/",
]


def is_local(url: str) -> bool:
    return url.startswith("/") and not url.startswith(("//", "/\\")) and "\\" not in url[:2]


@pytest.mark.parametrize("target", OFFSITE_TARGETS)
def test_login_next_never_leaves_the_site(client, editor, target):
    response = client.post(
        "/admin/login/?next=" + quote(target, safe=""),
        {"username": "editor", "password": "correct-horse-battery"},
    )
    if "\t" in target:
        # A control character in the address is refused before the login (pina.security.input).
        assert response.status_code == 404
        return
    assert response.status_code == 302
    location = response["Location"]
    # Refused targets fall back to the admin; "/%2F/evil.example" is a path on this site.
    assert is_local(location), location


@pytest.mark.parametrize("target", OFFSITE_TARGETS)
def test_next_in_the_form_body_is_checked_too(client, editor, target):
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "correct-horse-battery", "next": target},
    )
    assert response.status_code == 302
    assert is_local(response["Location"]), response["Location"]


def test_a_local_next_is_kept(client, editor):
    response = client.post(
        "/admin/login/?next=/admin/pina/sitesettings/",
        {"username": "editor", "password": "correct-horse-battery"},
    )
    assert response["Location"] == "/admin/pina/sitesettings/"


CRAFTED_PATHS = [
    "//evil.example/",
    "//evil.example/en/",
    "///evil.example/en/",
    "/\\evil.example/",
    "/en//evil.example/",
    "/en/\\evil.example",
    "//evil.example/%2e%2e/en/",
    "/%2F%2Fevil.example/",
    "/\t/evil.example/",
]


@pytest.mark.parametrize("path", CRAFTED_PATHS)
def test_language_links_of_crafted_paths_stay_on_the_site(path):
    request = RequestFactory().get("/")
    request.path = request.path_info = path
    request.META["PATH_INFO"] = path
    for version in language_versions(request):
        assert is_local(version["url"]), version["url"]


@pytest.mark.parametrize("path", CRAFTED_PATHS)
def test_pages_for_crafted_paths_link_and_redirect_only_on_site(client, path):
    response = client.get("/", PATH_INFO=path, follow=False)
    assert response.status_code in {301, 302, 404}
    if response.status_code in {301, 302}:
        assert is_local(response["Location"]), response["Location"]
        return
    body = response.content.decode()
    for href in re.findall(r'href="([^"]*)"', body):
        if href == DEFAULT_EXIT_PAGE_URL:
            continue  # "Exit this page" leaves the site on purpose, for the neutral page staff set
        if href.startswith("http"):
            assert href.startswith("http://testserver/"), href
        else:
            assert is_local(href) or href.startswith(("mailto:", "#")), href


def test_local_path_keeps_ordinary_paths():
    assert local_path("/ru/news/?page=2") == "/ru/news/?page=2"
    assert local_path("//evil.example/x") == "/evil.example/x"
    assert local_path("https://evil.example") == "/https://evil.example"
