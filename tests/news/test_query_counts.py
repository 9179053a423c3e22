"""The news pages cost a small, constant number of queries, with 3 posts as with 300."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Post
from pina.site.models import SiteSettings

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db

# list: count + page + categories; detail: post + previous + next; feed: posts; home: posts.
MAX_QUERIES = 4


def make_posts(count):
    """`count` published posts with covers, made in one statement (bulk_create skips save())."""
    category = CategoryFactory()
    now = timezone.now()
    posts = []
    for number in range(count):
        slug = f"post-{number}"
        posts.append(
            Post(
                title_en=f"Post {number}",
                title_ru=f"Новость {number}",
                slug_en=slug,
                slug_ru=slug,
                slug_uz=slug,
                lead_en="A lead.",
                body_en="<p>A body.</p>",
                category=category,
                status=Post.Status.PUBLISHED,
                published_at=now - timedelta(hours=number + 1),
                # Rendition URLs are computed from the name and the stored size, without
                # opening any file.
                cover_image=f"news/covers/missing-{number}.jpg",
                cover_width=1600,
                cover_height=900,
                cover_alt_en="A photo",
            )
        )
    Post.objects.bulk_create(posts)
    SiteSettings.current()  # exists and is cached, as on a live site
    return Post.objects.get(slug_en=f"post-{count // 2}")


@pytest.mark.parametrize("count", [3, 300])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_pages_cost_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count, language
):
    middle = make_posts(count)
    urls = [
        f"/{language}/news/",
        f"/{language}/news/?page=2" if count > 12 else f"/{language}/news/",
        f"/{language}/news/category/news/",
        f"/{language}/news/{middle.slug_en}/",
        f"/{language}/news/feed/",
        f"/{language}/",
    ]
    for url in urls:
        with django_assert_max_num_queries(MAX_QUERIES, info=url):
            response = client.get(url)
        assert response.status_code == 200, url
        assert b"Post" in response.content or "Новость".encode() in response.content
