import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from .factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 (the site's own feed and sitemap)


def test_feed_has_the_twenty_newest_published_posts(client):
    for number in range(22):
        PostFactory(
            title_en=f"Post {number:02d}",
            published_at=timezone.now() - timedelta(hours=number + 1),
        )
    PostFactory(title_en="Unpublished draft", draft=True)
    PostFactory(title_en="Scheduled for later", scheduled=True)
    response = client.get("/en/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_xml(response.content).find("channel")  # noqa: S314 (our own response)
    assert channel.findtext("language") == "en"
    assert channel.findtext("link") == "http://testserver/en/news/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [f"Post {n:02d}" for n in range(20)]
    first = items[0]
    assert first.findtext("link").startswith("http://testserver/en/news/post-00")
    assert (
        first.findtext("description")
        == "Government agencies and NGOs met to coordinate help for victims."
    )
    assert first.findtext("category") == "News"
    assert first.findtext("pubDate")
    assert b"Unpublished draft" not in response.content
    assert b"Scheduled for later" not in response.content


def test_feed_is_in_the_visitors_language(client):
    post = PostFactory(title_en="English title", title_ru="Русский заголовок")
    root = parse_xml(client.get("/ru/news/feed/").content)  # noqa: S314 (our own response)
    channel = root.find("channel")
    assert channel.findtext("language") == "ru"
    assert channel.find("item").findtext("title") == "Русский заголовок"
    assert channel.find("item").findtext("link") == f"http://testserver/ru/news/{post.slug_ru}/"


def test_sitemap_lists_every_published_post_in_every_language(client):
    post = PostFactory(title_en="Shared responsibility", title_ru="Общая ответственность")
    draft = PostFactory(title_en="Not yet", draft=True)
    scheduled = PostFactory(title_en="Later", scheduled=True)
    CategoryFactory(slug="empty", name_en="Empty")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = parse_xml(response.content)  # noqa: S314 (our own response)
    entries = {url.findtext(f"{SITEMAP}loc"): url for url in root.findall(f"{SITEMAP}url")}
    expected = {
        "en": "http://testserver/en/news/shared-responsibility/",
        "ru": "http://testserver/ru/news/obshchaia-otvetstvennost/",
        "uz": "http://testserver/uz/news/shared-responsibility/",
    }
    for loc in expected.values():
        assert loc in entries
        entry = entries[loc]
        # The date in the site's time zone (Tashkent), as the sitemap writes it: after 19:00
        # UTC it is already the next day there.
        lastmod = timezone.localdate(post.updated_at).isoformat()
        assert entry.findtext(f"{SITEMAP}lastmod") == lastmod
        alternates = {
            link.get("hreflang"): link.get("href") for link in entry.findall(f"{XHTML}link")
        }
        assert {code: alternates[code] for code in expected} == expected
    assert "http://testserver/en/news/" in entries
    assert "http://testserver/en/news/category/news/" in entries
    assert "http://testserver/en/news/category/empty/" not in entries
    for hidden in (draft, scheduled):
        assert f"/news/{hidden.slug_en}/" not in response.content.decode()
