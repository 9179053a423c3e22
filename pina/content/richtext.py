"""Rich text: one field type and one sanitizer shared by every app, so that everything an editor
writes in CKEditor 5 is cleaned with nh3 (an allow-list HTML sanitizer) before it reaches the
database, whatever path wrote it (admin, shell, bulk load, QuerySet.update).
"""

import html
import re

import nh3
from django_ckeditor_5.fields import CKEditor5Field

from .richtext_images import with_renditions

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
    "span",
    "code",
    "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    # srcset, sizes, loading, decoding: the renditions pina.content.richtext_images adds.
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "figure": {"class"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# CKEditor marks image alignment with these classes; nothing else is let through.
ALLOWED_CLASSES = {
    "figure": {
        "image",
        "image-style-align-left",
        "image-style-align-right",
        "image-style-align-center",
        "image-style-side",
        "table",
    },
}


def _only_local_images(tag, attribute, value):
    """nh3 attribute filter: an image must come from this site (the editor's upload gives
    /media/... addresses). A remote image would make every visitor's browser call another
    server (a tracking pixel); the CSP refuses it too, but it should not be stored at all."""
    if tag == "img" and attribute == "src":
        return value if _is_local(value) else None
    if tag == "img" and attribute == "srcset":
        candidates = [candidate.split() for candidate in value.split(",")]
        local = all(parts and _is_local(parts[0]) for parts in candidates)
        return value if local else None
    if tag == "img" and attribute in ("loading", "decoding"):
        return value if value in ("lazy", "eager", "async", "sync", "auto") else None
    return value


def _is_local(address: str) -> bool:
    return address.startswith("/") and not address.startswith(("//", "/\\"))


# An <img> tag in nh3's output: attribute values there are always double-quoted with any quote
# inside escaped, so a ">" in a value cannot end the match and ' src="' cannot occur in one.
_IMG_TAG = re.compile(r'<img\b(?:[^>"]|"[^"]*")*>', re.IGNORECASE)


def _drop_images_without_src(value: str) -> str:
    """An image whose address the sanitizer refused would stay as an empty <img> (a broken
    image, or a box for its alt text): remove the element. A link without href keeps its text."""
    return _IMG_TAG.sub(lambda m: m.group(0) if ' src="' in m.group(0) else "", value)


def sanitize_html(value: str) -> str:
    """Return `value` with everything outside the allow-list removed.

    Scripts, styles, event handlers, `javascript:` URLs, SVG, iframes and images from other
    sites (or left without an address) are dropped; links get rel="noopener noreferrer
    nofollow".
    """
    if not value:
        return value
    # allowed_classes is applied on top of attributes; "class" must not be in both.
    attributes = {tag: set(attrs) - {"class"} for tag, attrs in ALLOWED_ATTRIBUTES.items()}
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=attributes,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_only_local_images,
    )
    return _drop_images_without_src(cleaned)


# Where one block of text ends and the next begins: a space keeps "…end.</p><p>Next" two words.
_BLOCK_BREAK = re.compile(
    r"</(?:p|h[1-6]|li|blockquote|figcaption|caption|t[dh]|pre)>|<(?:br|hr)\b", re.IGNORECASE
)


def plain_text(value: str) -> str:
    """Rich text as one line of plain text, for excerpts, descriptions and feeds: tags removed,
    blocks separated by a space, entities such as &amp; and &nbsp; decoded (the text is escaped
    again wherever it is shown), runs of white space made one space.

    nh3 does the parsing (compiled: a third of the time of Django's strip_tags, which also
    leaves entities encoded, so "&amp;" would be shown as such once escaped again).
    """
    if not value:
        return ""
    text = nh3.clean(_BLOCK_BREAK.sub(lambda m: " " + m.group(0), value), tags=set())
    return " ".join(html.unescape(text).split())


class RichTextField(CKEditor5Field):
    """A CKEditor 5 field whose stored value is always sanitized HTML."""

    def pre_save(self, model_instance, add):
        value = with_renditions(sanitize_html(getattr(model_instance, self.attname)))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        return sanitize_html(super().get_prep_value(value))
