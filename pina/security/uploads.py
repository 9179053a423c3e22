"""Image uploads: decoded with Pillow (never trusted by name or browser type), size- and
pixel-limited, and re-encoded without metadata so a photo's GPS position is never published."""

import io
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from slugify import slugify

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def inspect_image(fileobj):
    """Decode the upload and return its Pillow format name; raise ValidationError otherwise."""
    size = getattr(fileobj, "size", None)
    if size is not None and size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The image is too large (at most %(mb)s MB).")
            % {"mb": settings.IMAGE_UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    too_many_pixels = ValidationError(_("The image has too many pixels."), code="too_many_pixels")
    try:
        fileobj.seek(0)
        with Image.open(fileobj) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG, GIF or WebP image."), code="format")
            width, height = image.size
            # Animated images are decoded frame by frame: their pixels add up.
            frames = getattr(image, "n_frames", 1)
            if width * height * frames > settings.IMAGE_UPLOAD_MAX_PIXELS:
                raise too_many_pixels
            image.load()  # decodes the pixels: catches truncated and malformed files
            return image.format
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        # Pillow refuses to open it at all (its limit is set from ours in PinaConfig.ready).
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise ValidationError(_("This file is not a valid image."), code="invalid") from None
    finally:
        fileobj.seek(0)


def validate_image_file(fileobj):
    """Model-field validator: accepts only real, reasonably sized raster images."""
    if fileobj and not getattr(fileobj, "_committed", False):
        inspect_image(fileobj)


# What decoding needs to show the picture as it was; everything else in `info` (comments, EXIF,
# XMP, ICC profiles, text chunks) is left out, because Pillow writes some of it back by default.
KEPT_INFO = {
    "GIF": ("duration", "loop", "transparency", "background", "disposal"),
    "PNG": ("transparency",),
    "WEBP": ("duration", "loop", "background"),
    "JPEG": (),
}


def sanitized_name(original_name: str, extension: str) -> str:
    """ASCII letters, digits and hyphens (Cyrillic and Uzbek transliterated), a random suffix,
    and the extension of the format Pillow found: nothing of the uploaded name can form a path,
    markup or a second extension."""
    base = os.path.basename(original_name.replace("\\", "/"))
    stem = slugify(os.path.splitext(base)[0], max_length=60, word_boundary=False)
    return f"{stem or 'image'}-{uuid.uuid4().hex[:8]}.{extension}"


def strip_metadata(fileobj):
    """Return a new in-memory upload with the same pixels and no EXIF/XMP/ICC metadata."""
    image_format = inspect_image(fileobj)
    with Image.open(fileobj) as image:
        image.load()
        image.info = {k: v for k, v in image.info.items() if k in KEPT_INFO[image_format]}
        out = io.BytesIO()
        # Pillow writes EXIF, XMP and ICC data only when asked to; saving the decoded pixels
        # without those arguments leaves the metadata (GPS position included) behind.
        if image_format == "GIF":
            image.save(out, format="GIF", save_all=getattr(image, "is_animated", False))
        elif image_format == "JPEG":
            image.save(out, format="JPEG", quality=90, optimize=True)
        else:
            image.save(out, format=image_format)
    fileobj.seek(0)
    out.seek(0)
    extension = ALLOWED_FORMATS[image_format]
    return InMemoryUploadedFile(
        out,
        field_name=getattr(fileobj, "field_name", None),
        name=sanitized_name(getattr(fileobj, "name", "image"), extension),
        content_type=Image.MIME.get(image_format, "application/octet-stream"),
        size=out.getbuffer().nbytes,
        charset=None,
    )
