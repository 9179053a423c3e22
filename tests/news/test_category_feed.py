"""Each category has its own RSS feed, linked from its page."""

import xml.etree.ElementTree as ET

import pytest

from .factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db


def channel_of(response):
    return ET.fromstring(response.content).find("channel")  # noqa: S314 (our own response)


def test_category_feed_lists_only_that_categorys_published_posts(client):
    publications = CategoryFactory(slug="publications", name_en="Publications")
    PostFactory(title_en="A report", category=publications)
    PostFactory(title_en="Draft report", category=publications, draft=True)
    PostFactory(title_en="Some news")  # the "news" category
    response = client.get("/en/news/category/publications/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = channel_of(response)
    assert channel.findtext("title") == "PINA: Publications"
    assert channel.findtext("link") == "http://testserver/en/news/category/publications/"
    assert [item.findtext("title") for item in channel.findall("item")] == ["A report"]


def test_category_feed_is_in_the_visitors_language(client):
    CategoryFactory(slug="news")
    PostFactory(title_en="English title", title_ru="Русский заголовок")
    channel = channel_of(client.get("/ru/news/category/news/feed/"))
    assert channel.findtext("title") == "PINA: Новости"
    assert channel.find("item").findtext("title") == "Русский заголовок"


def test_unknown_category_feed_is_404(client):
    assert client.get("/en/news/category/no-such-thing/feed/").status_code == 404


def test_category_page_links_its_own_feed(client):
    PostFactory(category=CategoryFactory(slug="news"))
    html = client.get("/en/news/category/news/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="PINA: News" '
        'href="http://testserver/en/news/category/news/feed/">' in html
    )
    assert 'class="feed-link" href="/en/news/category/news/feed/"' in html


def test_all_news_page_links_the_all_news_feed(client):
    PostFactory()
    html = client.get("/en/news/").content.decode()
    assert 'class="feed-link" href="/en/news/feed/"' in html
    assert "/category/news/feed/" not in html
