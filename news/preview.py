"""Signed, expiring preview links, so a reviewer without an account can read an unpublished post:
the link carries the post's id signed with the site's secret key and a time stamp
(django.core.signing), so it cannot be forged or altered and stops working after MAX_AGE_DAYS.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

SALT = "news.preview"
MAX_AGE_DAYS = 7


def make_token(post) -> str:
    return signing.dumps({"post": post.pk}, salt=SALT, compress=False)


def preview_url(post) -> str:
    """The preview's path in the active language."""
    return reverse("news:preview", kwargs={"token": make_token(post)})


def post_id_from_token(token: str):
    """The post id the token was made for, or None when it is forged, altered or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=MAX_AGE_DAYS))
    except signing.BadSignature:  # includes SignatureExpired
        return None
    post_id = data.get("post") if isinstance(data, dict) else None
    return post_id if isinstance(post_id, int) else None
