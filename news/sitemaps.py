from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse

from pina.site.sitemaps import LargeSitemap, TranslatedSitemap

from .models import Category, Post


class PostSitemap(LargeSitemap):
    """Every published post in the languages it is written in, with hreflang alternates and
    lastmod, in pages that each read only their own posts."""

    changefreq = "monthly"
    priority = 0.7

    def items(self):
        slugs = (f"slug_{code}" for code in settings.MODELTRANSLATION_LANGUAGES)
        return Post.objects.published().only("updated_at", "published_at", *slugs).newest_first()


class NewsIndexSitemap(TranslatedSitemap):
    """The news list and each category that has published posts."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        published = Post.objects.published()
        categories = Category.objects.filter(Exists(published.filter(category=OuterRef("pk"))))
        return ["news:list", *categories]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()
