"""Images inside rich text served like cover images: WebP renditions in a `srcset`, with width
and height, so a phone on a slow connection downloads an image the size of its screen instead of
the editor's original upload. The renditions are made when the text is saved (once per image:
their names are derived from the original's, and an existing one is never made again) and the
saved HTML carries them, so showing a page does no image work at all.

Only images uploaded through the editor (`EDITOR_FOLDER` in the media storage) get renditions;
any other local image is left as the editor wrote it.
"""

import logging
import posixpath
import re
from io import BytesIO
from urllib.parse import unquote

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

from pina.ops.faults import STORAGE_ERRORS

logger = logging.getLogger(__name__)

EDITOR_FOLDER = "editor/"
RENDITIONS_FOLDER = "renditions/"
# The widths a body image is offered at: a phone (1x and 2x), a tablet, the article column at 2x.
WIDTHS = (480, 800, 1200)
# The article column (.prose, 44rem) or the screen's width, whichever is narrower.
SIZES = "(min-width: 46rem) 44rem, 100vw"
WEBP_QUALITY = 80

_IMG_TAG = re.compile(r'<img\b(?:[^>"]|"[^"]*")*>', re.IGNORECASE)
_ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"', re.IGNORECASE)


def rendition_name(original: str, width: int) -> str:
    stem, _extension = posixpath.splitext(original)
    return f"{RENDITIONS_FOLDER}{stem}-{width}w.webp"


def _storage_name(src: str) -> str | None:
    """The media storage name of an editor upload shown at `src`, else None."""
    media_url = settings.MEDIA_URL
    if not src.startswith(media_url):
        return None
    name = unquote(src[len(media_url) :])
    if not name.startswith(EDITOR_FOLDER) or ".." in name.split("/"):
        return None
    return name


def make_renditions(name: str) -> tuple[int, int, list[tuple[str, int]]] | None:
    """(width, height, [(rendition name, width)]) of an editor image, making the renditions
    that do not exist yet; None if the original cannot be read as an image."""
    try:
        with default_storage.open(name) as original, Image.open(original) as image:
            image.load()
            width, height = image.size
            made = []
            for target in WIDTHS:
                if target >= width and made:
                    break
                rendition_width = min(target, width)
                rendition = rendition_name(name, rendition_width)
                if not default_storage.exists(rendition):
                    copy = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
                    copy.thumbnail((rendition_width, round(height * rendition_width / width)))
                    buffer = BytesIO()
                    copy.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
                    default_storage.save(rendition, ContentFile(buffer.getvalue()))
                made.append((rendition, rendition_width))
    except (UnidentifiedImageError, OSError, ValueError, *STORAGE_ERRORS):
        # A missing or unreadable file keeps the image as written; saving the text never fails
        # because of it.
        logger.warning("Rich-text image left without renditions", exc_info=True)
        return None
    return width, height, made


def _rewrite(tag: str) -> str:
    attributes = dict(_ATTRIBUTE.findall(tag))
    name = _storage_name(attributes.get("src", ""))
    if name is None:
        return tag
    result = make_renditions(name)
    if result is None:
        return tag
    width, height, renditions = result
    attributes["srcset"] = ", ".join(
        f"{default_storage.url(rendition)} {rendition_width}w"
        for rendition, rendition_width in renditions
    )
    attributes["sizes"] = SIZES
    attributes["width"], attributes["height"] = str(width), str(height)
    attributes["loading"], attributes["decoding"] = "lazy", "async"
    # The values come from nh3's output (already escaped) or from storage names (no quotes).
    return "<img " + " ".join(f'{key}="{value}"' for key, value in attributes.items()) + ">"


def with_renditions(value: str) -> str:
    """Sanitized rich text with its editor images given WebP renditions (made if missing)."""
    if not value or "<img" not in value:
        return value
    return _IMG_TAG.sub(lambda match: _rewrite(match.group(0)), value)
