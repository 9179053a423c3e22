import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone, translation

from news import preview
from news.models import Post
from tests.badinput.xss_vectors import XSS_VECTORS

from .factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db


def html_of(response):
    return response.content.decode()


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


# --- List ---------------------------------------------------------------------------------------


def test_list_shows_published_posts_newest_first(client):
    older = PostFactory(title_en="Older post", published_at=timezone.now() - timedelta(days=3))
    newer = PostFactory(title_en="Newer post")
    PostFactory(title_en="Draft post", draft=True)
    PostFactory(title_en="Scheduled post", scheduled=True)
    html = html_of(client.get("/en/news/"))
    assert html.index(newer.title_en) < html.index(older.title_en)
    assert "Draft post" not in html
    assert "Scheduled post" not in html
    assert older.lead_en in html
    published = timezone.localtime(newer.published_at).replace(microsecond=0).isoformat()
    assert f'datetime="{published}"' in html


def test_list_is_paginated_by_twelve(client):
    for number in range(14):
        PostFactory(
            title_en=f"Post number {number:02d}",
            published_at=timezone.now() - timedelta(hours=number + 1),
        )
    first = html_of(client.get("/en/news/"))
    assert first.count('class="card post-card"') == 12
    assert 'href="?page=2"' in first
    second = html_of(client.get("/en/news/?page=2"))
    assert second.count('class="card post-card"') == 2
    assert "Post number 13" in second


@pytest.mark.parametrize("page", ["abc", "0", "-1", "", "1.5", "9" * 5000])
def test_bad_page_numbers_give_the_first_page(client, page):
    PostFactory(title_en="The only post")
    response = client.get("/en/news/", {"page": page})
    assert response.status_code == 200
    assert "The only post" in html_of(response)


def test_page_past_the_end_is_the_branded_404(client):
    PostFactory()
    response = client.get("/en/news/?page=999999")
    assert response.status_code == 404
    assert "Page not found" in html_of(response)
    assert 'class="site-header"' in html_of(response)


def test_empty_list_is_fine(client):
    response = client.get("/en/news/")
    assert response.status_code == 200
    assert "No news has been published here yet." in html_of(response)


def test_category_filter_by_path_and_query_string(client):
    announcements = CategoryFactory(slug="announcements", name_en="Announcements")
    PostFactory(title_en="A news item")
    PostFactory(title_en="An announcement", category=announcements)
    html = html_of(client.get("/en/news/category/announcements/"))
    assert "An announcement" in html
    assert "A news item" not in html
    assert "<h1>Announcements</h1>" in html
    response = client.get("/en/news/?category=announcements&page=1")
    assert response.status_code == 301
    assert response["Location"] == "/en/news/category/announcements/?page=1"


@pytest.mark.parametrize(
    "url", ["/en/news/category/nope/", "/en/news/?category=nope", "/ru/news/no-such-post/"]
)
def test_unknown_category_or_slug_is_the_branded_404(client, url):
    PostFactory()
    response = client.get(url)
    assert response.status_code == 404
    html = html_of(response)
    assert 'class="site-header"' in html
    assert "Traceback" not in html


def test_list_never_serves_the_original_upload(client):
    post = PostFactory(with_cover=True)
    html = html_of(client.get("/en/news/"))
    assert post.cover_card_400.url in html
    assert post.cover_card_800.url + " 800w" in html
    assert post.cover_image.url not in html
    assert 'width="400" height="225"' in html


def test_images_below_the_fold_load_lazily(client):
    for number in range(5):
        PostFactory(with_cover=True, published_at=timezone.now() - timedelta(hours=number + 1))
    html = html_of(client.get("/en/news/"))
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 5
    assert all('loading="lazy"' not in tag for tag in images[:3])
    assert all('loading="lazy"' in tag for tag in images[3:])


# --- Article ------------------------------------------------------------------------------------


def test_article_page(client):
    post = PostFactory(
        with_cover=True,
        title_en="World Day Against Trafficking",
        byline="Aziza BOKHODIROVA, Major",
        body_en="<p>The conference was timed to coincide with the World Day.</p>",
        cover_caption_en="The opening session",
        cover_credit="Photo: IOM",
        published_at=timezone.make_aware(
            timezone.datetime(2025, 7, 29, 19, 50), timezone.get_fixed_timezone(300)
        ),
    )
    response = client.get("/en/news/world-day-against-trafficking/")
    assert response.status_code == 200
    html = html_of(response)
    assert "<h1>World Day Against Trafficking</h1>" in html
    assert '<time datetime="2025-07-29T19:50:00+05:00">' in html
    assert "Aziza BOKHODIROVA, Major" in html
    assert "The conference was timed to coincide" in html
    assert "The opening session" in html and "Photo: IOM" in html
    assert f'href="/en/news/category/{post.category.slug}/"' in html
    # Responsive cover: WebP renditions, never the original, with dimensions, not lazy.
    assert post.cover_1280.url + " 1280w" in html
    assert post.cover_image.url not in html
    assert 'width="960" height="540"' in html
    assert 'fetchpriority="high"' in html


def test_article_metadata(client):
    post = PostFactory(with_cover=True, title_en="Shared responsibility", byline="A. B., Major")
    html = html_of(client.get(post.get_absolute_url()))
    url = f"http://testserver/en/news/{post.slug_en}/"
    assert "<title>Shared responsibility · PINA</title>" in html
    assert f'<meta name="description" content="{post.lead_en}">' in html
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    share_image = f"http://testserver{post.cover_share.url}"
    assert f'<meta property="og:image" content="{share_image}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image" content="{share_image}">' in html
    data = json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Shared responsibility"
    assert data["datePublished"] == timezone.localtime(post.published_at).isoformat()
    assert data["dateModified"]
    assert data["author"] == {"@type": "Person", "name": "A. B.", "jobTitle": "Major"}
    assert data["image"] == [share_image]


def test_json_ld_cannot_break_out_of_its_script_element(client):
    post = PostFactory(title_en="</script><script>alert(1)</script> & more")
    html = html_of(client.get(post.get_absolute_url()))
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<" not in block.group(1) and ">" not in block.group(1)
    assert json_ld(html)["headline"].startswith("</script><script>alert(1)</script> &")
    # Everywhere else the title is escaped HTML.
    assert "<script>alert(1)</script>" not in html


def test_share_links_load_nothing_from_third_parties(client):
    post = PostFactory(title_en="Share me")
    html = html_of(client.get(post.get_absolute_url()))
    assert "https://t.me/share/url?url=http%3A%2F%2Ftestserver%2Fen%2Fnews%2Fshare-me%2F" in html
    assert "https://www.facebook.com/sharer/sharer.php?u=" in html
    # Only our own scripts, styles and images: the share targets are plain links.
    for tag in re.findall(r"<(?:script|img|link|iframe)\b[^>]*>", html):
        for url in re.findall(r'(?:src|href)="([^"]+)"', tag):
            assert url.startswith(("/", "http://testserver/")), tag


def test_previous_and_next_links(client):
    first = PostFactory(title_en="First", published_at=timezone.now() - timedelta(days=3))
    middle = PostFactory(title_en="Middle", published_at=timezone.now() - timedelta(days=2))
    last = PostFactory(title_en="Last", published_at=timezone.now() - timedelta(days=1))
    PostFactory(title_en="Draft after", draft=True)
    html = html_of(client.get(middle.get_absolute_url()))
    assert f'href="{first.get_absolute_url()}" rel="prev"' in html
    assert f'href="{last.get_absolute_url()}" rel="next"' in html
    assert "Draft after" not in html
    html = html_of(client.get(last.get_absolute_url()))
    assert 'rel="next"' not in html.split("post-nav")[-1]


def test_slug_of_another_language_redirects_to_this_languages_address(client):
    post = PostFactory(
        translated=True,
        title_en="Shared responsibility",
        title_ru="Общая ответственность",
        title_uz="Shared responsibility",
    )
    response = client.get("/ru/news/shared-responsibility/")
    assert response.status_code == 301
    assert response["Location"] == "/ru/news/obshchaia-otvetstvennost/"
    html = html_of(client.get("/ru/news/obshchaia-otvetstvennost/"))
    assert "<h1>Общая ответственность</h1>" in html
    # The language switcher and hreflang links point at each language's own slug.
    assert 'href="/en/news/shared-responsibility/" hreflang="en"' in html
    assert 'hreflang="uz" href="http://testserver/uz/news/shared-responsibility/"' in html
    assert post.slug_uz == "shared-responsibility"


def test_article_falls_back_to_english_and_says_so(client):
    post = PostFactory(title_en="English only", body_en="<p>English body</p>")
    html = html_of(client.get(f"/ru/news/{post.slug_ru}/"))
    assert '<h1 lang="en">English only</h1>' in html
    assert '<div class="prose article-body" lang="en">' in html and "English body" in html
    assert '<html lang="ru">' in html
    assert "Эта статья ещё не переведена на ваш язык" in html
    # Not a Russian page: not indexed, canonical to the English original, no ru alternate.
    assert '<meta name="robots" content="noindex, follow">' in html
    assert f'<link rel="canonical" href="http://testserver/en/news/{post.slug_en}/">' in html
    assert 'hreflang="ru"' not in html.split("</head>")[0]
    assert f'hreflang="en" href="http://testserver/en/news/{post.slug_en}/"' in html
    assert '<meta property="og:locale" content="en_US">' in html
    assert '"inLanguage": "en"' in html


def test_a_translated_article_is_a_page_of_its_language(client):
    post = PostFactory(translated=True, title_en="Written in three languages")
    html = html_of(client.get(f"/ru/news/{post.slug_ru}/"))
    article = html.split("<article")[1].split("</article>")[0]
    assert "<h1>Written in three languages (ru)</h1>" in article and ' lang="en"' not in article
    assert "noindex" not in html and "не переведена" not in html
    assert f'<link rel="canonical" href="http://testserver/ru/news/{post.slug_ru}/">' in html
    assert '<meta property="og:locale" content="ru_RU">' in html
    assert '"inLanguage": "ru"' in html
    for code in ("en", "ru", "uz"):
        assert f'<link rel="alternate" hreflang="{code}"' in html


def test_a_partly_translated_article_marks_each_english_part(client):
    post = PostFactory(translated=True, title_en="Half", body_ru="")
    html = html_of(client.get(f"/ru/news/{post.slug_ru}/"))
    assert "<h1>Half (ru)</h1>" in html
    assert '<div class="prose article-body" lang="en">' in html
    assert "Часть этой статьи ещё не переведена" in html
    assert '<meta name="robots" content="noindex, follow">' in html


@pytest.mark.parametrize(("payload", "markers"), XSS_VECTORS)
def test_article_shows_the_body_without_scripts(client, payload, markers):
    post = PostFactory(title_en="Safe", body_en=f"<p>Visible text</p>{payload}")
    html = html_of(client.get(post.get_absolute_url()))
    body = html.split('<div class="prose article-body">')[1].split("</div>")[0]
    assert "Visible text" in body
    for marker in markers:
        assert marker.lower() not in body.lower()


# --- Drafts and previews ------------------------------------------------------------------------


def test_drafts_are_404_for_visitors_and_coordinators(client, coordinator):
    draft = PostFactory(draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(coordinator)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_editors_see_drafts_and_scheduled_posts_with_a_banner(client, editor):
    draft = PostFactory(draft=True, title_en="Work in progress")
    scheduled = PostFactory(scheduled=True, title_en="Coming soon")
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    html = html_of(response)
    assert "Not published: this is a draft." in html
    assert f'href="/admin/news/post/{draft.pk}/change/"' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'rel="canonical"' not in html
    assert "private" in response["Cache-Control"]
    html = html_of(client.get(scheduled.get_absolute_url()))
    assert "Scheduled for " in html
    assert ": not published yet." in html


def test_signed_preview_link_works_without_an_account(client):
    draft = PostFactory(draft=True, title_en="For review")
    with translation.override("en"):
        url = preview.preview_url(draft)
    response = client.get(url)
    assert response.status_code == 200
    html = html_of(response)
    assert "<h1>For review</h1>" in html
    assert "Preview: this post is not published." in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    # The language switcher keeps the reviewer on the preview.
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert f'href="/ru/news/preview/{token}/"' in html


def test_preview_link_expires(client):
    draft = PostFactory(draft=True)
    with translation.override("en"):
        url = preview.preview_url(draft)
    with time_machine.travel(timezone.now() + timedelta(days=preview.MAX_AGE_DAYS, hours=1)):
        response = client.get(url)
    assert response.status_code == 404
    assert "Preview link not valid" in html_of(response)


def test_tampered_preview_link_is_refused(client):
    first = PostFactory(draft=True)
    second = PostFactory(draft=True, title_en="Secret draft")
    token = preview.make_token(first)
    payload, _timestamp, _signature = preview.make_token(second).split(":")
    spliced = ":".join([payload, *token.split(":")[1:]])
    wrong_key = signing.dumps({"post": second.pk}, salt=preview.SALT, key="not-the-secret")
    wrong_salt = signing.dumps({"post": second.pk}, salt="another.purpose")
    for bad in (spliced, wrong_key, wrong_salt, token[:-2] + "xx", "nonsense", "a" * 500):
        response = client.get(f"/en/news/preview/{bad}/")
        assert response.status_code == 404
        assert "Secret draft" not in html_of(response)


def test_preview_of_a_published_post_redirects_to_it(client):
    post = PostFactory()
    with translation.override("en"):
        url = preview.preview_url(post)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()


# --- Home page and every page -------------------------------------------------------------------


def test_home_shows_latest_news_featured_first(client):
    PostFactory(
        title_en="Old featured", featured=True, published_at=timezone.now() - timedelta(days=30)
    )
    for number in range(3):
        PostFactory(
            title_en=f"Recent {number}", published_at=timezone.now() - timedelta(hours=number + 1)
        )
    PostFactory(title_en="Draft news", draft=True, featured=True)
    html = html_of(client.get("/en/"))
    assert "Latest news" in html
    assert html.index("Old featured") < html.index("Recent 0") < html.index("Recent 1")
    assert "Recent 2" not in html
    assert "Draft news" not in html


def test_home_without_news_has_no_news_section(client):
    html = html_of(client.get("/en/"))
    assert "Latest news" not in html
    assert "volunteer team" in html


@pytest.mark.parametrize("url", ["/en/", "/ru/news/", "/uz/search/?q=x", "/en/nothing-here/"])
def test_every_page_advertises_the_feed(client, url):
    html = html_of(client.get(url))
    code = url.split("/")[1]
    assert '<link rel="alternate" type="application/rss+xml" title="PINA: ' in html
    assert f'href="http://testserver/{code}/news/feed/">' in html


def test_navigation_links_to_news(client):
    html = html_of(client.get("/en/news/"))
    assert '<a href="/en/news/" aria-current="page">News</a>' in html


def test_post_model_url_uses_the_active_language():
    post = PostFactory(title_en="Hello")
    with translation.override("uz"):
        assert post.get_absolute_url() == "/uz/news/hello/"
    assert Post.objects.with_any_slug("hello").get() == post


def test_list_marks_english_fallback_text(client):
    PostFactory(title_en="English only")
    PostFactory(title_en="Translated", title_ru="Переведено")
    html = html_of(client.get("/ru/news/"))
    assert 'class="card-title" lang="en"><a href="/ru/news/english-only/">English only</a>' in html
    assert 'class="card-title"><a href="/ru/news/perevedeno/">Переведено</a>' in html
