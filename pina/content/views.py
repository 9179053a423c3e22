"""The rich-text editor's image upload (CKEditor 5): staff only, images only, metadata removed."""

import logging
import posixpath

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pina.content.richtext import RichTextField
from pina.ops.faults import STORAGE_ERRORS
from pina.security.uploads import strip_metadata

logger = logging.getLogger(__name__)


def rich_text_permissions() -> list[str]:
    """The add/change permissions of every model with a rich-text (CKEditor) field."""
    found = []
    for model in apps.get_models():
        if any(isinstance(field, RichTextField) for field in model._meta.get_fields()):
            opts = model._meta
            found += [f"{opts.app_label}.add_{opts.model_name}"]
            found += [f"{opts.app_label}.change_{opts.model_name}"]
    return found


def may_upload_editor_images(request) -> bool:
    """The CKEditor image upload: staff who may write some rich text (not any staff account)."""
    if not admin.site.has_permission(request):
        return False
    user = request.user
    return user.is_superuser or any(user.has_perm(perm) for perm in rich_text_permissions())


@require_POST
def editor_image_upload(request):
    """CKEditor 5 image upload: staff only, images only (decoded by Pillow), metadata removed."""
    # The admin's own rule (active staff, with the second factor where the account needs one),
    # and only for those who may write rich text somewhere: an account without such permissions
    # has no reason to put files on the public media storage.
    if not may_upload_editor_images(request):
        return JsonResponse(
            {"error": {"message": _("You do not have permission to upload files.")}}, status=403
        )
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("Choose an image to upload.")}}, status=400)
    try:
        clean = strip_metadata(upload)
    except ValidationError as error:
        return JsonResponse({"error": {"message": " ".join(error.messages)}}, status=400)
    folder = timezone.now().strftime("editor/%Y/%m")
    try:
        name = default_storage.save(posixpath.join(folder, clean.name), clean)
    except STORAGE_ERRORS:
        logger.exception("Could not store an editor image upload")
        return JsonResponse(
            {"error": {"message": _("The image could not be stored. Please try again later.")}},
            status=503,
        )
    return JsonResponse({"url": default_storage.url(name)})
