"""Issue 17, point 7: links that leave the page work. With debug on and SITE_URL unset, links in
e-mails and preview links use the address the site is served at, whatever the port; in
production, a system check refuses to run without SITE_URL."""

import pytest

from pina.site import addresses

pytestmark = pytest.mark.django_db


@pytest.fixture
def development(settings):
    settings.DEBUG = True
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]


def test_the_outbox_outside_a_request_uses_the_last_address_served(client, development):
    client.get("/en/", HTTP_HOST="127.0.0.1:8791")
    assert addresses.site_url() == "http://127.0.0.1:8791"
    assert addresses.absolute_url("/en/volunteer/") == "http://127.0.0.1:8791/en/volunteer/"


def test_a_set_site_url_wins_over_the_request(client, settings):
    settings.SITE_URL = "https://pina.example.org"
    client.get("/en/", HTTP_HOST="127.0.0.1:8791")
    assert addresses.site_url() == "https://pina.example.org"


def test_production_refuses_to_run_without_site_url(settings):
    from django.core.checks.registry import registry

    assert addresses.site_url_is_set in registry.get_checks()
    settings.DEBUG = False
    settings.SITE_URL = ""
    assert [error.id for error in addresses.site_url_is_set()] == ["pina.E010"]
    assert addresses.site_url_is_set()[0].is_serious()
    settings.SITE_URL = "https://pina.example.org"
    assert addresses.site_url_is_set() == []


def test_development_needs_no_site_url(settings):
    settings.DEBUG = True
    settings.SITE_URL = ""
    assert addresses.site_url_is_set() == []
