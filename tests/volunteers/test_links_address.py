"""Issue 17, point 7: with debug on and SITE_URL unset, the links of the volunteer's e-mails
use the address the site is served at (`make run` on any port)."""

import re

import pytest
from django.core import mail

from .conftest import stamp

pytestmark = pytest.mark.django_db


@pytest.fixture
def development(settings):
    settings.DEBUG = True
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]


@pytest.mark.parametrize("host", ["127.0.0.1:8791", "localhost:8000"])
def test_links_in_the_confirmation_use_the_address_served_at(
    client, development, form_data, django_capture_on_commit_callbacks, host
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/volunteer/", form_data(form_stamp=stamp()), HTTP_HOST=host)
    assert response.status_code == 302
    body = next(m.body for m in mail.outbox if m.to == ["dilnoza@example.org"])
    links = re.findall(r"https?://[^/\s]+/", body)
    assert links and set(links) == {f"http://{host}/"}
