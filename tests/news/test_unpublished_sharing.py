"""Unpublished posts (a draft, a scheduled post, a preview link) offer nothing to share, and the
staff banner's sentence never doubles a period."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import translation

from news import preview

from .factories import PostFactory

pytestmark = pytest.mark.django_db

SHARING = ("t.me/share", "facebook.com/sharer", 'class="share"', "og:url", "og:title", "ld+json")


def preview_html(client, post):
    with translation.override("en"):
        url = preview.preview_url(post)
    return client.get(url).content.decode()


def test_published_post_can_be_shared(client):
    html = client.get(PostFactory().get_absolute_url()).content.decode()
    for marker in SHARING:
        assert marker in html, marker


def test_preview_of_a_draft_offers_nothing_to_share(client):
    html = preview_html(client, PostFactory(draft=True, title_en="For review"))
    assert "<h1>For review</h1>" in html
    for marker in SHARING:
        assert marker not in html, marker


def test_staff_view_of_a_scheduled_post_offers_nothing_to_share(client, editor):
    post = PostFactory(scheduled=True)
    client.force_login(editor)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "not published yet" in html
    for marker in SHARING:
        assert marker not in html, marker


def test_share_links_appear_once_a_scheduled_post_is_published(client, editor):
    """The article's cached fragment seen by staff before publication is not served after."""
    post = PostFactory(scheduled=True)
    client.force_login(editor)
    assert 'class="share"' not in client.get(post.get_absolute_url()).content.decode()
    type(post).objects.filter(pk=post.pk).update(
        published_at=post.published_at - datetime.timedelta(days=3)
    )
    assert 'class="share"' in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize("language", ["en", "ru", "uz"])
def test_scheduled_banner_never_doubles_the_period(client, editor, language):
    # 11:40 in the morning: a time format may end with a period ("a.m."); none may double it.
    at = datetime.datetime(2099, 12, 3, 11, 40, tzinfo=zoneinfo.ZoneInfo("Asia/Tashkent"))
    post = PostFactory(published_at=at, title_en="Later")
    client.force_login(editor)
    html = client.get(f"/{language}/news/{post.slug}/").content.decode()
    banner = re.search(r'<p class="banner"[^>]*><strong>(.*?)</strong>', html, re.S)[1]
    assert "2099" in banner
    assert ".." not in banner
    assert banner.endswith(".")
    expected = {
        "en": "Scheduled for December 3, 2099, 11:40\u202fAM: not published yet.",
        "ru": ": ещё не опубликовано.",
        "uz": ": hali eʼlon qilinmagan.",
    }[language]
    assert banner.endswith(expected)
