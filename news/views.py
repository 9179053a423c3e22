import functools
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from pina.caching.fragments import remember
from pina.content.paging import AnchoredPaginator, page_or_404
from pina.security.access import may_see_unpublished
from pina.site.models import SiteSettings

from . import preview
from .models import Category, Post


class PostListView(ListView):
    """Published posts, newest first, 12 a page; optionally one category's."""

    template_name = "news/post_list.html"
    context_object_name = "posts"
    paginate_by = 12

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


def visible_categories():
    """Categories with at least one published post (a cached fragment on the list pages)."""
    return list(
        Category.objects.filter(Exists(Post.objects.published().filter(category=OuterRef("pk"))))
    )


class PostDetailView(DetailView):
    """One post. A slug from another language redirects to this language's address."""

    template_name = "news/post_detail.html"
    context_object_name = "post"

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


def keep_private(response):
    """An unpublished post must not be cached by proxies nor indexed."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


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


OG_LOCALES = {"en": "en_US", "ru": "ru_RU", "uz": "uz_UZ"}


def article_context(request, post, page_url=None):
    """What the article template needs besides the post: neighbours, sharing and metadata."""
    url = request.build_absolute_uri(page_url or post.get_absolute_url())
    # Called by the template only when its cached fragment is missing (and then once).
    found = functools.cache(lambda: neighbours(post))
    site = SiteSettings.current()
    share_image = request.build_absolute_uri(post.cover_share.url) if post.cover_image else ""
    language = get_language()
    return {
        "page_url": url,
        # modeltranslation shows the English text where a translation is missing.
        "content_language": post.shown_language(),
        "og_locale": OG_LOCALES.get(language, "en_US"),
        "previous_post": lambda: found()[0],
        "next_post": lambda: found()[1],
        "share_links": share_links(url, post.title),
        "share_image": share_image,
        "structured_data": structured_data(post, url, share_image, site),
        # Only a conference visitors may see is linked.
        "related_conference": post.conference
        if post.conference and post.conference.is_visible
        else None,
    }


def share_links(url, title):
    """Plain links to each network's share page: nothing loads until a visitor clicks."""
    return [
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": title})),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{title} {url}"})),
        (
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
    ]


def structured_data(post, url, image, site):
    """schema.org NewsArticle for search engines (rendered as JSON-LD)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title[:110],
        "description": post.description(),
        "datePublished": localtime(post.published_at).isoformat(),
        "dateModified": localtime(max(post.updated_at, post.published_at)).isoformat(),
        "inLanguage": get_language(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "publisher": {"@type": "Organization", "name": site.site_name},
    }
    if post.byline:
        name, _sep, title = post.byline.partition(",")
        author = {"@type": "Person", "name": name.strip()}
        if title.strip():
            author["jobTitle"] = title.strip()
        data["author"] = author
    else:
        data["author"] = {"@type": "Organization", "name": site.site_name}
    if image:
        data["image"] = [image]
    if post.category_id:
        data["articleSection"] = post.category.name
    return data


class PreviewAddress:
    """The preview page in each language, for the language switcher (`translated_object`)."""

    def __init__(self, token):
        self.token = token

    def get_absolute_url(self):
        return reverse("news:preview", kwargs={"token": self.token})


def post_preview(request, token):
    """An unpublished post for a reviewer holding a signed, unexpired link."""
    post_id = preview.post_id_from_token(token)
    post = Post.objects.select_related("category").filter(pk=post_id).first() if post_id else None
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
