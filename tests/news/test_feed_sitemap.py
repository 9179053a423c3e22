import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.sitemaps import SITEMAP, XHTML, sitemap_entries, sitemap_pages, sitemap_xml

from .factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db


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
    post = PostFactory(
        translated=True,
        title_en="Shared responsibility",
        title_ru="Общая ответственность",
        title_uz="Shared responsibility",
    )
    draft = PostFactory(title_en="Not yet", draft=True)
    scheduled = PostFactory(title_en="Later", scheduled=True)
    CategoryFactory(slug="empty", name_en="Empty")
    entries = {url.findtext(f"{SITEMAP}loc"): url for url in sitemap_entries(client)}
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
    xml = sitemap_xml(client)
    for hidden in (draft, scheduled):
        assert f"/news/{hidden.slug_en}/" not in xml


def test_a_post_written_only_in_english_is_listed_only_in_english(client):
    post = PostFactory(title_en="English only")
    half = PostFactory(translated=True, title_en="Half translated", body_uz="")
    entries = {url.findtext(f"{SITEMAP}loc"): url for url in sitemap_entries(client)}
    english = f"http://testserver/en/news/{post.slug_en}/"
    assert english in entries
    assert f"/ru/news/{post.slug_ru}/" not in sitemap_xml(client)
    assert f"/uz/news/{post.slug_uz}/" not in sitemap_xml(client)
    alternates = {link.get("hreflang") for link in entries[english].findall(f"{XHTML}link")}
    assert alternates == {"en", "x-default"}
    # A post without its Uzbek body is a Russian page as well, not an Uzbek one.
    assert f"http://testserver/ru/news/{half.slug_ru}/" in entries
    assert f"http://testserver/uz/news/{half.slug_uz}/" not in entries


def test_the_posts_sitemap_comes_in_pages_that_lose_and_repeat_nothing(client, monkeypatch):
    from news.sitemaps import PostSitemap

    monkeypatch.setattr(PostSitemap, "limit", 7)  # addresses a page: not a multiple of 3
    posts = [PostFactory(translated=True, title_en=f"Report {number}") for number in range(8)]
    pages = [page for page in sitemap_pages(client) if page.startswith("/sitemap-posts.xml")]
    assert pages == ["/sitemap-posts.xml", *(f"/sitemap-posts.xml?p={n}" for n in (2, 3, 4))]
    locations = [url.findtext(f"{SITEMAP}loc") for url in sitemap_entries(client)]
    for post in posts:
        for code in ("en", "ru", "uz"):
            assert locations.count(f"http://testserver/{code}/news/{post.slug_in(code)}/") == 1
    assert client.get("/sitemap-posts.xml", {"p": 5}).status_code == 404


def test_a_page_of_the_posts_sitemap_reads_only_its_posts(client, django_assert_max_num_queries):
    from news.sitemaps import PostSitemap
    from pina.site.models import SiteSettings

    SiteSettings.current()  # exists and is cached, as on a live site
    PostFactory.create_batch(30, translated=True)
    # A count, then the page's posts, however many there are in all.
    with django_assert_max_num_queries(2):
        response = client.get("/sitemap-posts.xml")
    assert response.content.count(b"<url>") == min(PostSitemap.limit, 90)


def test_the_sitemap_index_dates_each_section_by_its_newest_change(client):
    PostFactory()
    newest = PostFactory()
    index = client.get("/sitemap.xml").content.decode()
    stamp = timezone.localtime(newest.updated_at).isoformat()
    assert f"<loc>http://testserver/sitemap-posts.xml</loc><lastmod>{stamp}</lastmod>" in index
