"""What the news pages read besides the listing itself: the categories worth offering, the post an
address names, and an article's neighbours, each in one indexed query."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from .models import Category, Post


def visible_categories():
    """Categories with at least one published post (a cached fragment on the list pages)."""
    return list(
        Category.objects.filter(Exists(Post.objects.published().filter(category=OuterRef("pk"))))
    )


def find_post(posts, slug, language):
    """The post among `posts` whose slug (in any language) is `slug`, else a 404."""
    candidates = list(
        posts.select_related("category", "conference")
        .with_any_slug(slug)
        .order_by("-published_at")[:3]
    )
    if not candidates:
        raise Http404("No such post")
    # Prefer the post whose slug in this language is the one asked for.
    return next((post for post in candidates if post.slug_in(language) == slug), candidates[0])


def neighbours(post):
    """(previous, next): the published posts just older and just newer than `post`."""
    languages = settings.MODELTRANSLATION_LANGUAGES
    published = Post.objects.published().only(
        "published_at",
        *(f"title_{code}" for code in languages),
        *(f"slug_{code}" for code in languages),
    )
    # The plain range (lte / gte) lets the index on (status, published_at, id) start at the post
    # instead of reading every newer (or older) post; the OR settles ties on the time.
    older = Q(published_at__lte=post.published_at) & (
        Q(published_at__lt=post.published_at) | Q(published_at=post.published_at, pk__lt=post.pk)
    )
    newer = Q(published_at__gte=post.published_at) & (
        Q(published_at__gt=post.published_at) | Q(published_at=post.published_at, pk__gt=post.pk)
    )
    previous = published.filter(older).order_by("-published_at", "-pk").first()
    following = published.filter(newer).order_by("published_at", "pk").first()
    return previous, following


def post_for_preview(post_id):
    """The post a preview link names (with its category), or None."""
    if not post_id:
        return None
    return Post.objects.select_related("category").filter(pk=post_id).first()
