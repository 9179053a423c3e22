"""The news list's deep pages start from cached anchors: same rows as OFFSET, fewer read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Post
from pina.content.paging import AnchoredPaginator
from tests.news.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_posts():
    category = CategoryFactory()
    now = timezone.now()
    # Pairs of posts share a publication time: ties are broken by id, as in the list.
    Post.objects.bulk_create(
        Post(
            title_en=f"Post {number}",
            slug_en=f"post-{number}",
            slug_ru=f"post-{number}",
            slug_uz=f"post-{number}",
            lead_en="A lead.",
            body_en="<p>A body.</p>",
            category=category,
            status=Post.Status.PUBLISHED,
            published_at=now - timedelta(hours=number // 2 + 1),
        )
        for number in range(95)
    )


def test_every_page_holds_the_same_rows_as_plain_offsets(many_posts, monkeypatch):
    monkeypatch.setattr(AnchoredPaginator, "stride", 10)
    posts = Post.objects.published().newest_first()
    expected = list(posts.values_list("pk", flat=True))
    paginator = AnchoredPaginator(posts, 7, name="test")
    assert paginator.count == 95
    assert len(paginator.anchors()) == 9
    shown = []
    for number in paginator.page_range:
        shown += [post.pk for post in paginator.page(number).object_list]
    assert shown == expected


def test_anchors_are_the_keys_of_every_stride_th_row_numbered_in_one_query(
    many_posts, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(AnchoredPaginator, "stride", 10)
    posts = Post.objects.published().newest_first()
    keys = list(posts.values_list("published_at", "pk"))
    with django_assert_num_queries(1) as captured:
        anchors = AnchoredPaginator(posts, 7, name="test").anchors()
    assert anchors == keys[10::10]
    assert "ROW_NUMBER()" in captured.captured_queries[0]["sql"].upper()


def test_a_deep_page_reads_from_its_anchor_not_from_the_top(
    many_posts, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(AnchoredPaginator, "stride", 10)
    posts = Post.objects.published().newest_first()
    expected = list(posts.values_list("pk", flat=True))[84:91]
    paginator = AnchoredPaginator(posts, 7, name="test")
    paginator.page(1)
    paginator.anchors()
    with django_assert_num_queries(1) as captured:
        rows = list(AnchoredPaginator(posts, 7, name="test").page(13).object_list)
    assert [post.pk for post in rows] == expected
    # 84 rows before the page: the query skips 4 past the anchor of row 80, not 84.
    assert "OFFSET 4" in captured.captured_queries[0]["sql"]


def test_count_and_anchors_follow_content_changes(many_posts, client):
    # Newest first, ties by id: Post 1, Post 0, Post 3, Post 2...; page 8 starts at row 84.
    first = client.get("/en/news/?page=8").content.decode()
    assert "Post 85<" in first and "Post 94<" in first
    Post.objects.filter(title_en="Post 1").get().delete()  # signals bump the content version
    second = client.get("/en/news/?page=8").content.decode()
    assert "Post 85<" not in second and "Post 94<" in second
    assert "94 posts" not in second  # (the count is not shown; the page holds what is left)
    assert client.get("/en/news/?page=9").status_code == 404
