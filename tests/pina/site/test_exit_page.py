""" "Exit this page" (issue 19) as the server sends it: on every public page type, right after the
skip link, leading where staff said, with rel="noreferrer"; never in the admin; only https://
destinations. The browser side (the click, Shift ×3, Back) is in tests/browser/test_exit_page.py.
"""

import io
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation

from pina.ops.faults import service_unavailable
from pina.site.admin import SiteSettingsAdmin
from pina.site.models import DEFAULT_EXIT_PAGE_URL, SiteSettings
from pina.site.views import server_error
from tests.browser.pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

STAFF_URL = "https://weather.example.org/today?city=tashkent"


class Focusables(HTMLParser):
    """What a keyboard user reaches in <body>, in document order, with its attributes."""

    def __init__(self):
        super().__init__()
        self.in_body = False
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "body":
            self.in_body = True
        elif self.in_body and (
            (tag == "a" and "href" in attributes)
            or tag in ("button", "select", "textarea", "summary")
            or (tag == "input" and attributes.get("type") != "hidden")
        ):
            self.found.append({"tag": tag, **attributes})


def focusables(html: str) -> list[dict]:
    parser = Focusables()
    parser.feed(html)
    return parser.found


def exit_links(html: str) -> list[dict]:
    return [f for f in focusables(html) if "data-exit-page" in f]


def assert_exit_control_comes_first(html: str, url: str) -> None:
    reached = focusables(html)
    exits = [i for i, found in enumerate(reached) if "data-exit-page" in found]
    assert len(exits) == 1, f"one exit control expected, found {len(exits)}"
    position = exits[0]
    # The first Tab stop, or the second after the skip link.
    assert position == 0 or (position == 1 and reached[0].get("class") == "skip-link")
    control = reached[position]
    assert control["href"] == url
    assert "noreferrer" in control["rel"].split()
    # Only a link: no prefetch, prerender or preconnect to the destination.
    assert html.count(url.replace("&", "&amp;").split("?")[0]) == 1


def test_every_public_page_starts_with_the_exit_control(client):
    call_command("load_demo", stdout=io.StringIO())  # once: every page type needs content
    record = SiteSettings.current()
    record.exit_page_url = STAFF_URL
    record.save()

    checked = []
    for public_page in PUBLIC_PAGES:
        for language in ("en", "ru", "uz"):
            response = client.get(public_page.path_in(language))
            assert response.status_code == public_page.status, (public_page.name, language)
            assert_exit_control_comes_first(response.content.decode(), STAFF_URL)
            checked.append(f"{public_page.name}-{language}")
    assert len(checked) == len(PUBLIC_PAGES) * 3


@pytest.mark.parametrize("render", [server_error, service_unavailable], ids=["500", "503"])
def test_pages_made_without_the_database_lead_to_the_default_destination(render):
    with translation.override("ru"):
        response = render(RequestFactory().get("/ru/"))

    html = response.content.decode()
    assert_exit_control_comes_first(html, DEFAULT_EXIT_PAGE_URL)
    assert "Быстрый выход" in html


def test_the_control_and_its_description_are_translated(client):
    texts = {
        "en": ("Exit this page", "Leave this site quickly.", "press Shift three times"),
        "ru": ("Быстрый выход", "Быстро уйти с этого сайта.", "трижды нажмите Shift"),
        "uz": ("Tezkor chiqish", "Bu saytni tezda tark eting.", "uch marta bosing"),
    }
    for language, expected in texts.items():
        html = client.get(f"/{language}/").content.decode()
        for text in expected:
            assert text in html, (language, text)
        assert 'aria-describedby="exit-page-hint"' in html


def test_the_page_loads_the_exit_script_from_this_site_only(client):
    html = client.get("/en/").content.decode()

    assert '<script src="/static/js/exit-page.js" defer></script>' in html
    assert "<script>" not in html
    assert "style=" not in html


def test_a_destination_written_past_the_validation_is_not_linked(client):
    record = SiteSettings.current()
    record.exit_page_url = "javascript:alert(document.cookie)"
    record.save()  # save() does not validate; the shell or a fixture could do this

    html = client.get("/en/").content.decode()

    assert exit_links(html)[0]["href"] == DEFAULT_EXIT_PAGE_URL
    assert "javascript:" not in html


@pytest.mark.parametrize("path", ["/admin/", "/admin/pina/sitesettings/1/change/"])
def test_the_admin_has_no_exit_control(client, superuser, path):
    SiteSettings.current()
    client.force_login(superuser)

    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert "data-exit-page" not in html
    assert "exit-page.js" not in html


def test_the_admin_login_page_has_no_exit_control(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert "data-exit-page" not in response.content.decode()


def test_staff_set_the_destination_in_the_site_settings(client, superuser):
    SiteSettings.current()
    client.force_login(superuser)

    html = client.get("/admin/pina/sitesettings/1/change/").content.decode()

    assert 'name="exit_page_url"' in html
    assert f'value="{DEFAULT_EXIT_PAGE_URL}"' in html


def _admin_form(rf, superuser, url):
    """The site settings form of the admin, with only the exit page's field."""
    request = rf.get("/admin/")
    request.user = superuser
    record = SiteSettings.current()
    form_class = SiteSettingsAdmin(SiteSettings, admin.site).get_form(
        request, record, fields=["exit_page_url"]
    )
    return form_class(data={"exit_page_url": url}, instance=record)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "http://weather.example.org/",
        "data:text/html,<p>hi</p>",
        "ftp://weather.example.org/",
        "/en/",
    ],
)
def test_the_destination_must_be_an_https_address(rf, superuser, url):
    record = SiteSettings.current()
    record.exit_page_url = url

    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert "exit_page_url" in refused.value.message_dict

    form = _admin_form(rf, superuser, url)
    assert not form.is_valid()
    assert "exit_page_url" in form.errors


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (STAFF_URL, STAFF_URL),
        ("weather.example.org/today", "https://weather.example.org/today"),
        ("//weather.example.org/", "https://weather.example.org/"),
    ],
)
def test_an_https_destination_is_accepted(rf, superuser, typed, stored):
    form = _admin_form(rf, superuser, typed)

    assert form.is_valid(), form.errors
    form.save()
    assert SiteSettings.objects.get().exit_page_url == stored


# --- "Get help": the help page comes from another branch (URL name events:help) ----------------


def test_the_site_links_its_help_page_from_the_header_and_the_footer(client):
    html = client.get("/en/").content.decode()

    help_links = [f for f in focusables(html) if f.get("href", "") == "/en/help/"]
    assert len(help_links) == 2


@pytest.fixture
def help_page(settings):
    settings.ROOT_URLCONF = "tests.pina.site.help_urls"


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Get help"), ("ru", "Получить помощь"), ("uz", "Yordam olish")]
)
def test_with_a_help_page_the_header_and_footer_link_to_it(client, help_page, language, label):
    html = client.get(f"/{language}/").content.decode()

    help_links = [f for f in focusables(html) if f.get("href") == f"/{language}/help/"]
    assert len(help_links) == 2  # the main navigation's and the footer's
    assert html.count(f">{label}</a>") == 2


def test_on_the_help_page_only_its_link_is_current(client, help_page):
    html = client.get("/en/help/").content.decode()

    current = [f for f in focusables(html) if f.get("aria-current") == "page"]
    assert [f["href"] for f in current] == ["/en/help/"]
