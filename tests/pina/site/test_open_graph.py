"""The home page's Open Graph card, and one og:locale convention for the whole site."""

from html.parser import HTMLParser

import pytest

from pina.site.models import SiteSettings
from tests.events.factories import ConferenceFactory
from tests.news.factories import PostFactory

pytestmark = pytest.mark.django_db


class MetaProperties(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("property", "").startswith("og:"):
            self.found.setdefault(attrs["property"], []).append(attrs.get("content"))


def og_tags(response):
    parser = MetaProperties()
    parser.feed(response.content.decode())
    return parser.found


@pytest.mark.parametrize(
    ("language", "locale"), [("en", "en_US"), ("ru", "ru_RU"), ("uz", "uz_UZ")]
)
def test_home_page_has_an_open_graph_card(client, language, locale):
    settings = SiteSettings.current()
    tags = og_tags(client.get(f"/{language}/"))
    assert tags == {
        "og:type": ["website"],
        "og:site_name": [settings.site_name],
        "og:title": [settings.site_name],
        "og:description": [settings.tagline],
        "og:url": [f"http://testserver/{language}/"],
        "og:locale": [locale],
    }


def test_home_page_has_no_made_up_image(client):
    assert "og:image" not in og_tags(client.get("/en/"))


def test_home_page_description_follows_the_edited_tagline(client):
    settings = SiteSettings.current()
    settings.tagline_ru = "Сеть организаций"
    settings.save()
    assert og_tags(client.get("/ru/"))["og:description"] == ["Сеть организаций"]


def test_articles_and_conferences_use_the_same_english_locale(client):
    post = PostFactory()
    conference = ConferenceFactory(translated=True)
    assert og_tags(client.get(post.get_absolute_url()))["og:locale"] == ["en_US"]
    assert og_tags(client.get(conference.get_absolute_url()))["og:locale"] == ["en_US"]
    assert og_tags(client.get("/ru" + conference.get_absolute_url()[3:]))["og:locale"] == ["ru_RU"]


def test_a_page_showing_the_english_fallback_says_en_us(client):
    post = PostFactory()
    conference = ConferenceFactory()
    assert og_tags(client.get("/ru" + post.get_absolute_url()[3:]))["og:locale"] == ["en_US"]
    assert og_tags(client.get("/uz" + conference.get_absolute_url()[3:]))["og:locale"] == ["en_US"]
