"""schema.org `NewsArticle` data for an article page (JSON-LD), so search engines read the facts."""

import datetime

from django.utils.timezone import localtime
from django.utils.translation import get_language


def iso(value) -> str:
    """A datetime in the site's time zone, or a date (a time of day that is not known is not
    made up: schema.org accepts a Date)."""
    if isinstance(value, datetime.datetime):
        return localtime(value).isoformat()
    return value.isoformat()


def news_article(post, url, image, site, language=None) -> dict:
    """The NewsArticle of `post` at the absolute `url`, with its absolute share `image` (or ""),
    `site` (SiteSettings) as the publisher, written in `language` (the active one by default;
    the fallback's where the post is not translated)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title[:110],
        "description": post.description(),
        "datePublished": iso(post.published_when),
        "dateModified": localtime(max(post.updated_at, post.published_at)).isoformat(),
        "inLanguage": language or get_language(),
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
