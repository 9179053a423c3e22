"""The news app's part of `make bench` (tests/bench/plugins.py): 100,000 posts and their pages;
models are looked up by name when this runs, so without news.Post it registers nothing.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from tests.bench.plugins import Changelist, Dataset, Page, bulk_insert
from tests.bench.text import COMMON_WORD, TextMaker

POSTS = 100_000
PAGE_SIZE = 12  # news.views.PostListView.paginate_by
CATEGORIES = [
    ("news", "News", "Новости", "Yangiliklar"),
    ("announcements", "Announcements", "Объявления", "Eʼlonlar"),
    ("publications", "Publications", "Публикации", "Nashrlar"),
]


def _models():
    try:
        return apps.get_model("news", "Category"), apps.get_model("news", "Post")
    except LookupError:
        return None, None


def build_posts(size: int, log) -> None:
    """`size` posts over fifteen years: all in English, half in Russian, a third in Uzbek;
    5 % drafts, a few scheduled, a few featured. No cover images (no files to serve)."""
    Category, Post = _models()
    categories = []
    for position, (slug, en, ru, uz) in enumerate(CATEGORIES, start=1):
        category, _created = Category.objects.get_or_create(
            slug=slug, defaults={"name_en": en, "name_ru": ru, "name_uz": uz, "position": position}
        )
        categories.append(category)
    text = TextMaker(seed=11)
    rnd = text.random
    now = timezone.now()
    span = timedelta(days=15 * 365)

    def posts():
        for number in range(size):
            translated = {"en": True, "ru": number % 2 == 0, "uz": number % 3 == 0}
            fields = {}
            for code, present in translated.items():
                if present:
                    fields[f"title_{code}"] = text.title(code)
                    fields[f"lead_{code}"] = text.sentences_text(code, 2)
                    fields[f"body_{code}"] = text.html(code, rnd.randint(3, 8))
                    fields[f"slug_{code}"] = f"{code}-post-{number}"
                else:
                    fields[f"slug_{code}"] = f"en-post-{number}"  # shares the English slug
            status = Post.Status.DRAFT if number % 20 == 19 else Post.Status.PUBLISHED
            published_at = now - span * (1 - number / size)
            if number % 997 == 0:
                published_at = now + timedelta(days=rnd.randint(1, 30))  # scheduled
            yield Post(
                **fields,
                category=categories[number % len(categories)],
                status=status,
                published_at=published_at,
                featured=number % 1000 == 1,
                byline="PINA" if number % 4 else "",
            )

    bulk_insert(Post, posts(), batch_size=1000, log=log)


def _published():
    _Category, Post = _models()
    return Post.objects.published()


def news_list_path(page: int | None = None) -> str:
    with translation.override("en"):
        path = reverse("news:list")
    return path if page is None else f"{path}?page={page}"


def deep_news_list_path() -> str:
    """The last page: the deepest OFFSET a visitor can ask for."""
    return news_list_path(max(1, math.ceil(_published().count() / PAGE_SIZE)))


def article_path() -> str:
    """A published post from the middle of the archive."""
    published = _published().order_by("pk")
    post = published[published.count() // 2]
    with translation.override("en"):
        return post.get_absolute_url()


def search_path() -> str:
    with translation.override("en"):
        return f"{reverse('search')}?q={COMMON_WORD['en']}"


if _models()[1] is not None:
    DATASETS = [Dataset("news posts", "news.Post", POSTS, build_posts)]
    PAGES = [
        Page("news list", news_list_path),
        Page("news list (last page)", deep_news_list_path),
        Page("article", article_path),
        Page("search", search_path),
    ]
    CHANGELISTS = [Changelist("posts", "/admin/news/post/", "news.Post")]
