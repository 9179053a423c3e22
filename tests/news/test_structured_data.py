"""news.structured_data.news_article: the NewsArticle JSON-LD of an article page."""

import pytest
from django.utils import timezone, translation

from news.structured_data import news_article
from pina.site.models import SiteSettings

from .factories import PostFactory

pytestmark = pytest.mark.django_db

URL = "https://example.org/en/news/a/"


def test_an_article_without_a_byline_is_by_the_site_without_an_image():
    # Every saved post has a category: an unsaved one shows what the data does without.
    post = PostFactory.build(
        byline="", title_en="x" * 200, category=None, updated_at=timezone.now()
    )
    site = SiteSettings.current()
    with translation.override("ru"):
        data = news_article(post, URL, "", site)
    assert data["author"] == {"@type": "Organization", "name": site.site_name}
    assert data["publisher"] == {"@type": "Organization", "name": site.site_name}
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": URL}
    assert data["headline"] == "x" * 110
    assert data["inLanguage"] == "ru"
    assert "image" not in data and "articleSection" not in data


def test_a_byline_without_a_title_is_a_person_and_the_category_is_the_section():
    post = PostFactory(byline="Aziza Bokhodirova")
    data = news_article(post, URL, "https://example.org/share.jpg", SiteSettings.current())
    assert data["author"] == {"@type": "Person", "name": "Aziza Bokhodirova"}
    assert data["image"] == ["https://example.org/share.jpg"]
    assert data["articleSection"] == post.category.name
