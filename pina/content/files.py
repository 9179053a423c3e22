"""Files leave storage with what holds them.

django-cleanup deletes a model's files once the deletion (or the replacement of the file)
commits. The renditions imagekit made from an image are not model fields, so django-cleanup
does not know them: `delete_renditions` deletes them when their source goes, so that no copy of
a deleted image stays public under its rendition address.
"""

import inspect
import logging

from imagekit.cachefiles import ImageCacheFile
from imagekit.cachefiles.backends import CacheFileState
from imagekit.models.fields.utils import ImageSpecFileDescriptor

from pina.ops.faults import STORAGE_ERRORS

logger = logging.getLogger(__name__)


def spec_fields(model, field_name):
    """The ImageSpecFields of `model` made from its file field `field_name`."""
    found = []
    for klass in inspect.getmro(model):
        for value in vars(klass).values():
            if isinstance(value, ImageSpecFileDescriptor) and value.source_field_name == field_name:
                found.append(value.field)
    return found


def delete_renditions(sender, file, field_name, **kwargs):
    """django-cleanup's `cleanup_pre_delete` receiver (sent after the commit, just before the
    file itself is deleted, while `file` still has its name): delete the renditions of `file`.

    A rendition's name comes from its source's name and the spec (imagekit's namer), never from
    the pixels, so the source is not read.
    """
    if not isinstance(sender, type):
        return
    for field in spec_fields(sender, field_name):
        rendition = ImageCacheFile(field.get_spec(source=file))
        try:
            rendition.storage.delete(rendition.name)
        except STORAGE_ERRORS:
            logger.exception("Could not delete the rendition %s", rendition.name)
            continue
        # imagekit remembers in the cache that a rendition exists; it no longer does.
        rendition.cachefile_backend.set_state(rendition, CacheFileState.DOES_NOT_EXIST)
