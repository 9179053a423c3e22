from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from pina.site.models import SiteSettings

from .models import Category, Post

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    """RSS 2.0: the 20 newest published posts in the active language."""

    feed_type = Rss201rev2Feed
    query_parameters = ()

    def title(self):
        return _("%(site)s: news") % {"site": SiteSettings.current().site_name}

    def description(self):
        return SiteSettings.current().tagline

    def link(self):
        return reverse("news:list")

    def feed_url(self):
        return reverse("news:feed")

    def items(self):
        return Post.objects.published().for_listing().newest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [item.category.name]


class CategoryPostsFeed(LatestPostsFeed):
    """RSS 2.0: the 20 newest published posts of one category (an unknown slug is a 404)."""

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return _("%(site)s: %(category)s") % {
            "site": SiteSettings.current().site_name,
            "category": category.name,
        }

    def link(self, category):
        return category.get_absolute_url()

    def feed_url(self, category):
        return reverse("news:category_feed", kwargs={"slug": category.slug})

    def items(self, category):
        return (
            Post.objects.published()
            .filter(category=category)
            .for_listing()
            .newest_first()[:FEED_LENGTH]
        )
