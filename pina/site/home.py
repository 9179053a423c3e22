"""The home page: the latest news, upcoming and recent conferences, and the call to volunteer.
With the root URLconf, the one piece of pina that reads the content apps."""

from django.views.generic import TemplateView

from events.home import home_context as conferences_home_context
from news.models import Post
from pina.caching.fragments import lazy_sections

SECTIONS = ("latest_posts", "upcoming_conferences", "recent_conferences", "featured_quote")


class HomeView(TemplateView):
    """Latest news, upcoming and recent conferences, and the call to volunteer."""

    template_name = "home.html"
    latest_news_count = 3
    # Reads nothing from the query string (pina.caching.parameters).
    query_parameters = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The sections are the same for every visitor: rendered HTML cached per language
        # ({% content_cache %}, fresh after any edit), so these are read, once, only when the
        # fragment is missing, and then from a cached value shared by the languages
        # (translated fields are read when rendering).
        context.update(lazy_sections(SECTIONS, self.sections, remembered_as="home:sections"))
        return context

    def sections(self):
        latest_posts = list(Post.objects.published().featured_first(self.latest_news_count))
        return {"latest_posts": latest_posts, **conferences_home_context()}
