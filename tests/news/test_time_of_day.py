"""A post whose time of day is not known shows its date only, wherever it is shown."""

import datetime
import io
import json
import re
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from news.models import Post

from .factories import PostFactory

pytestmark = pytest.mark.django_db

TASHKENT = zoneinfo.ZoneInfo("Asia/Tashkent")
EVENING = datetime.datetime(2022, 7, 28, 18, 0, tzinfo=TASHKENT)


def test_new_posts_have_a_known_time_of_day():
    assert Post().time_of_day_known is True


def test_published_when_is_the_local_date_when_the_time_is_unknown():
    # 02:00 on the 29th in Tashkent is still the 28th in UTC: the site's day is the 29th.
    post = PostFactory.build(
        published_at=datetime.datetime(2022, 7, 29, 2, 0, tzinfo=TASHKENT),
        time_of_day_known=False,
    )
    assert post.published_when == datetime.date(2022, 7, 29)
    post.time_of_day_known = True
    assert post.published_when == post.published_at


def test_article_with_an_unknown_time_shows_the_date_only(client):
    post = PostFactory(published_at=EVENING, time_of_day_known=False)
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<time datetime="2022-07-28">July 28, 2022</time>' in html
    assert "6 p.m." not in html
    assert "18:00" not in html
    assert '<meta property="article:published_time" content="2022-07-28">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert data["datePublished"] == "2022-07-28"


def test_article_with_a_known_time_shows_it(client):
    post = PostFactory(published_at=EVENING)
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<time datetime="2022-07-28T18:00:00+05:00">July 28, 2022, 6:00\u202fPM</time>' in html


@pytest.mark.parametrize("language", ["ru", "uz"])
def test_article_date_only_in_every_language(client, language):
    post = PostFactory(published_at=EVENING, time_of_day_known=False)
    html = client.get(f"/{language}/news/{post.slug}/").content.decode()
    assert re.search(r'<time datetime="2022-07-28">[^<]*2022[^<]*</time>', html)
    assert "18:00" not in html


def test_lists_do_not_claim_a_time_in_their_markup(client):
    PostFactory(published_at=EVENING, time_of_day_known=False)
    for path in ("/en/news/", "/en/"):
        html = client.get(path).content.decode()
        assert '<time datetime="2022-07-28">July 28, 2022</time>' in html, path
        assert "T18:00" not in html, path


def test_search_results_date_only(client):
    PostFactory(
        title_en="Bukhara Declaration report", published_at=EVENING, time_of_day_known=False
    )
    html = client.get("/en/search/", {"q": "Bukhara"}).content.decode()
    assert "<mark>Bukhara</mark> Declaration report" in html
    assert '<time datetime="2022-07-28">July 28, 2022</time>' in html


def test_feed_keeps_a_date_time(client):
    # RSS wants a date-time; readers show it as a date, and no page shows the time.
    PostFactory(published_at=EVENING, time_of_day_known=False)
    feed = client.get("/en/news/feed/").content.decode()
    assert re.search(r"<pubDate>Thu, 28 Jul 2022 \d\d:\d\d:\d\d [+-]\d{4}</pubDate>", feed)


def test_demo_2022_report_has_no_time_and_an_old_demo_is_upgraded(client):
    call_command("load_demo", stdout=io.StringIO())
    report = Post.objects.get(slug_en="conference-2022-bukhara-declaration")
    assert report.time_of_day_known is False
    # The seed of the 2025 article gives 19:50.
    world_day = Post.objects.get(slug_en="world-day-against-trafficking-in-persons-2025")
    assert world_day.time_of_day_known is True
    assert timezone.localtime(world_day.published_at).time() == datetime.time(19, 50)

    # A database loaded before the time of day was modelled: 6 p.m. made up, flag at default.
    Post.objects.filter(pk=report.pk).update(published_at=EVENING, time_of_day_known=True)
    call_command("load_demo", stdout=io.StringIO())
    report.refresh_from_db()
    assert report.time_of_day_known is False
    assert report.published_when == datetime.date(2022, 7, 28)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "6 p.m." not in html
