from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from PIL import Image

from news.models import Post
from pina.content.slugs import slug_from_title
from tests.badinput.xss_vectors import XSS_VECTORS

from .factories import CategoryFactory, PostFactory, cover_file, jpeg_bytes

pytestmark = pytest.mark.django_db

TASHKENT = ZoneInfo("Asia/Tashkent")


# --- The visibility rule ------------------------------------------------------------------------


def test_published_excludes_drafts_and_scheduled_posts():
    live = PostFactory()
    PostFactory(draft=True)
    PostFactory(scheduled=True)
    PostFactory(draft=True, scheduled=True)
    assert list(Post.objects.published()) == [live]


def test_scheduled_post_appears_by_itself_when_its_time_comes(client):
    publish_at = datetime(2025, 7, 29, 19, 50, tzinfo=TASHKENT)
    with time_machine.travel(publish_at - timedelta(minutes=5), tick=False):
        post = PostFactory(published_at=publish_at, title_en="World Day Against Trafficking")
        assert not Post.objects.published().exists()
        assert post.is_scheduled and not post.is_visible
        assert client.get(post.get_absolute_url()).status_code == 404
        assert "World Day Against Trafficking" not in client.get("/en/news/").content.decode()
    with time_machine.travel(publish_at, tick=False):
        assert list(Post.objects.published()) == [post]
        assert client.get(post.get_absolute_url()).status_code == 200
        assert "World Day Against Trafficking" in client.get("/en/news/").content.decode()
        assert "World Day Against Trafficking" in client.get("/en/news/feed/").content.decode()


def test_visibility_rule_is_served_by_an_index():
    index_fields = [index.fields for index in Post._meta.indexes]
    assert ["status", "-published_at", "-id"] in index_fields


# --- Slugs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("World Day Against Trafficking in Persons", "world-day-against-trafficking-in-persons"),
        ("Всемирный день борьбы с торговлей людьми", "vsemirnyi-den-borby-s-torgovlei-liudmi"),
        # Uzbek Cyrillic: official Latin spelling for ў қ ғ ҳ (and х → x).
        ("Одам савдосига қарши кураш", "odam-savdosiga-qarshi-kurash"),
        ("Ўзбекистон ва ҳамкорлар", "ozbekiston-va-hamkorlar"),
        ("Ғалаба ҳақида хабар", "galaba-haqida-xabar"),
        ("Oʻzbekiston maʼlumot", "ozbekiston-malumot"),
    ],
)
def test_slug_from_title_is_readable_latin(title, expected):
    assert slug_from_title(title) == expected


@pytest.mark.parametrize("title", ["", "!!!", "—", "   "])
def test_slug_is_never_empty(title):
    assert slug_from_title(title, fallback="post") == "post"


def test_post_slugs_come_from_each_languages_title():
    post = PostFactory(
        title_en="A shared responsibility",
        title_ru="Общая ответственность",
        title_uz="Одам савдосига қарши ҳамкорлик",
    )
    assert post.slug_en == "a-shared-responsibility"
    assert post.slug_ru == "obshchaia-otvetstvennost"
    assert post.slug_uz == "odam-savdosiga-qarshi-hamkorlik"
    with translation.override("ru"):
        assert post.get_absolute_url() == "/ru/news/obshchaia-otvetstvennost/"


def test_language_without_a_title_shares_the_english_slug():
    post = PostFactory(title_en="Only in English")
    assert post.slug_en == post.slug_ru == post.slug_uz == "only-in-english"


def test_slugs_are_unique_per_language_and_avoid_reserved_paths():
    first = PostFactory(title_en="Same title")
    second = PostFactory(title_en="Same title")
    assert first.slug_en == "same-title"
    assert second.slug_en == "same-title-2"
    assert PostFactory(title_en="Feed").slug_en == "feed-2"
    assert PostFactory(title_en="???").slug_en == "post"


def test_editor_cannot_choose_a_reserved_slug():
    post = PostFactory.build(title_en="x", slug_en="feed", category=CategoryFactory())
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "slug_en" in error.value.message_dict


# --- Translations -------------------------------------------------------------------------------


def test_missing_translation_falls_back_to_english():
    post = PostFactory(title_en="English title", lead_en="English lead", title_ru="Заголовок")
    with translation.override("ru"):
        assert post.title == "Заголовок"
        assert post.lead == "English lead"
    with translation.override("uz"):
        assert post.title == "English title"


# --- Cover image --------------------------------------------------------------------------------


def test_cover_needs_alt_text():
    post = PostFactory.build(category=CategoryFactory(), cover_image=cover_file(), cover_alt_en="")
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "cover_alt_en" in error.value.message_dict


def test_cover_metadata_is_stripped_and_size_recorded():
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (41.0, 18.0, 0.0)}  # GPS latitude
    original = jpeg_bytes(width=800, height=450, exif=exif)
    assert b"SecretCameraMaker" in original
    post = PostFactory(
        cover_image=ContentFile(original, name="holiday photo.jpg"),
        cover_alt_en="A meeting room",
    )
    post.refresh_from_db()
    assert (post.cover_width, post.cover_height) == (800, 450)
    with post.cover_image.open("rb") as stored:
        data = stored.read()
    assert b"SecretCameraMaker" not in data
    with Image.open(post.cover_image.path) as image:
        assert not image.getexif()


def test_renditions_are_written_when_the_cover_is_saved():
    post = PostFactory(with_cover=True)
    storage = post.cover_image.storage
    for rendition in (post.cover_card_400, post.cover_640, post.cover_1280, post.cover_share):
        assert storage.exists(rendition.name), rendition.name
    assert post.cover_640.name.endswith(".webp")
    assert post.cover_share.name.endswith(".jpg")
    with Image.open(storage.path(post.cover_card_400.name)) as image:
        assert image.size == (400, 225)
        assert image.format == "WEBP"


def test_small_cover_gets_no_upscaled_renditions():
    post = PostFactory(cover_image=cover_file(width=700, height=350), cover_alt_en="x")
    sizes = [(width, height) for _rendition, width, height in post.cover_fit_renditions()]
    assert sizes == [(640, 320), (700, 350)]


# --- Sanitizing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("payload", "markers"), XSS_VECTORS)
def test_body_is_stored_without_scripts(payload, markers):
    post = PostFactory(body_en=f"<p>Safe text</p>{payload}")
    stored = Post.objects.values_list("body_en", flat=True).get(pk=post.pk)
    for marker in markers:
        assert marker.lower() not in stored.lower()
    assert "<p>Safe text</p>" in stored


def test_body_update_through_queryset_is_sanitized_too():
    post = PostFactory()
    Post.objects.filter(pk=post.pk).update(body_en='<p onclick="x()">Hi</p><iframe src=//e>')
    assert Post.objects.values_list("body_en", flat=True).get(pk=post.pk) == "<p>Hi</p>"


def test_description_falls_back_to_body_text():
    post = PostFactory(lead_en="", body_en="<p>Body <strong>text</strong> here.</p>")
    assert post.description() == "Body text here."


def test_body_text_is_plain_text_with_entities_decoded():
    post = PostFactory(lead_en="", body_en="<p>IOM &amp; UNODC</p><p>Second&nbsp;part</p>")
    assert post.plain_body() == "IOM & UNODC Second part"
    assert post.description() == "IOM & UNODC Second part"


def test_published_at_default_is_now():
    post = PostFactory(published_at=timezone.now())
    assert abs((timezone.now() - post.published_at).total_seconds()) < 5


def test_jpeg_helper_makes_decodable_images():
    assert jpeg_bytes(10, 10)[:2] == b"\xff\xd8"


def test_featured_first_lists_featured_posts_then_the_newest():
    now = timezone.now()
    old_featured = PostFactory(featured=True, published_at=now - timedelta(days=30))
    newest = PostFactory(published_at=now - timedelta(hours=1))
    second = PostFactory(published_at=now - timedelta(hours=2))
    PostFactory(published_at=now - timedelta(hours=3))
    PostFactory(featured=True, draft=True)
    assert list(Post.objects.published().featured_first(3)) == [old_featured, newest, second]


@pytest.fixture
def many_posts():
    """3,000 published posts, a few featured, one category rare; the planner's statistics
    up to date, as on a live site."""
    from django.db import connection

    common, rare = CategoryFactory(slug="news"), CategoryFactory(slug="publications")
    now = timezone.now()
    Post.objects.bulk_create(
        [
            Post(
                title_en=f"Post {number}",
                slug_en=f"post-{number}",
                lead_en="Lead",
                body_en="<p>Body</p>",
                status=Post.Status.PUBLISHED,
                featured=number % 500 == 0,
                category=rare if number % 100 == 0 else common,
                published_at=now - timedelta(hours=number + 1),
            )
            for number in range(3000)
        ],
        batch_size=500,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "ANALYZE news_post")
    return rare


def test_an_index_serves_the_home_pages_order(many_posts):
    """Not every post read and sorted to find the three the home page shows."""
    plan = Post.objects.published().featured_first(3).explain()
    assert "news_post_home_idx" in plan, plan


def test_an_index_serves_a_small_categorys_list(many_posts):
    plan = Post.objects.published().filter(category=many_posts).newest_first()[:12].explain()
    assert "news_post_category_idx" in plan, plan


def test_an_index_serves_a_conferences_reports(many_posts):
    """A conference's page lists its reports: a conference with none was found by walking
    every published post on SQLite (5.7 s at 100,000 posts)."""
    from tests.events.factories import ConferenceFactory

    conference = ConferenceFactory()
    reports = conference.news_posts.published().for_listing().newest_first()[:6]
    plan = reports.explain()
    assert "news_post_conference_idx" in plan, plan
    assert list(reports) == []
