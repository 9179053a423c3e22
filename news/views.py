"""Public news pages: thin views over what news.selectors reads, with news.sharing and
news.structured_data for what an article page tells networks and search engines."""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from pina.caching.fragments import lazy_sections, remember
from pina.caching.parameters import reads_query
from pina.content.paging import AnchoredPaginator, page_or_404
from pina.content.translation_status import page_language
from pina.security.access import may_see_unpublished
from pina.site.languages import og_locale
from pina.site.models import SiteSettings

from . import preview
from .models import Category, Post
from .selectors import find_post, neighbours, post_for_preview, visible_categories
from .sharing import share_links
from .structured_data import news_article


class PostListView(ListView):
    """Published posts, newest first, 12 a page; optionally one category's."""

    template_name = "news/post_list.html"
    context_object_name = "posts"
    paginate_by = 12
    # What the view reads from the query string (pina.caching.parameters).
    query_parameters = ("category", "page")

    def get(self, request, *args, **kwargs):
        # `?category=x` is the same page as /news/category/x/: send visitors to that one address.
        slug = request.GET.get("category")
        if slug is not None and "slug" not in kwargs:
            category = get_object_or_404(Category, slug=slug)
            target = category.get_absolute_url()
            if "page" in request.GET:
                target += "?" + urlencode({"page": request.GET["page"]})
            return redirect(target, permanent=True)
        self.category = (
            get_object_or_404(Category, slug=kwargs["slug"]) if "slug" in kwargs else None
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        posts = Post.objects.published().for_listing().newest_first()
        if self.category is not None:
            posts = posts.filter(category=self.category)
        return posts

    def get_paginator(self, queryset, per_page, **kwargs):
        # Cached count and page anchors: the last page costs what the first does.
        name = f"news:list:{self.category.pk if self.category else 'all'}"
        return AnchoredPaginator(queryset, per_page, name=name, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = page_or_404(paginator, self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        # Only categories a visitor would find something in.
        # Called by the template only when its cached fragment is missing.
        context["categories"] = lambda: remember("news:categories", visible_categories)
        return context


NEIGHBOURS = ("previous_post", "next_post")


class PostDetailView(DetailView):
    """One post. A slug from another language redirects to this language's address."""

    template_name = "news/post_detail.html"
    context_object_name = "post"
    query_parameters = ()

    def get_object(self, queryset=None):
        slug = self.kwargs["slug"]
        language = get_language()
        if may_see_unpublished(self.request, "news.view_post"):
            return find_post(Post.objects.all(), slug, language)
        # Visitors see published posts only: which one an address names is kept with the
        # content version (pina.caching.fragments), so a warm article costs no query. A 404 is never
        # kept (a scheduled post appears at its time).
        return remember(
            f"news:post:{language}:{slug}",
            lambda: find_post(Post.objects.published(), slug, language),
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"]:
            return redirect(self.object.get_absolute_url(), permanent=True)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if not self.object.is_visible:
            keep_private(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_context(self.request, self.object))
        return context


def keep_private(response):
    """An unpublished post must not be cached by proxies nor indexed."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def article_context(request, post, page_url=None):
    """What the article template needs besides the post: neighbours, sharing and metadata."""
    url = request.build_absolute_uri(page_url or post.get_absolute_url())
    content_language = page_language(post)
    with translation.override(content_language):
        written_url = post.get_absolute_url()
    share_image = request.build_absolute_uri(post.cover_share.url) if post.cover_image else ""
    # A draft, a scheduled post or a preview is not shared: no share links, no Open Graph card
    # nor JSON-LD advertising an address that visitors cannot open (or a private review link).
    sharable = post.is_visible
    # The neighbours are read by the template only when its cached fragment is missing.
    neighbour_posts = lazy_sections(
        NEIGHBOURS, lambda: dict(zip(NEIGHBOURS, neighbours(post), strict=True))
    )
    return {
        "page_url": url,
        # modeltranslation shows the English text where a translation is missing: the page
        # then says it is written in English (lang, og:locale, JSON-LD, canonical, robots).
        "content_language": content_language,
        "written_in_page_language": content_language == get_language(),
        "canonical_url": request.build_absolute_uri(written_url),
        "og_locale": og_locale(content_language),
        **neighbour_posts,
        "sharable": sharable,
        "share_links": share_links(url, post.title) if sharable else [],
        "share_image": share_image,
        "structured_data": news_article(
            post, url, share_image, SiteSettings.current(), content_language
        )
        if sharable
        else None,
        # Only a conference visitors may see is linked.
        "related_conference": post.conference
        if post.conference and post.conference.is_visible
        else None,
    }


class PreviewAddress:
    """The preview page in each language, for the language switcher (`translated_object`)."""

    def __init__(self, token):
        self.token = token

    def get_absolute_url(self):
        return reverse("news:preview", kwargs={"token": self.token})


@reads_query()
def post_preview(request, token):
    """An unpublished post for a reviewer holding a signed, unexpired link."""
    post_id = preview.post_id_from_token(token)
    post = post_for_preview(post_id)
    if post is None:
        response = render(request, "news/preview_invalid.html", status=404)
        return keep_private(response)
    if post.is_visible:
        return redirect(post.get_absolute_url())
    address = PreviewAddress(token)
    context = {
        "post": post,
        "object": post,
        "translated_object": address,
        "is_preview": True,
        **article_context(request, post, page_url=address.get_absolute_url()),
    }
    return keep_private(render(request, "news/post_detail.html", context))
