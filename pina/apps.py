from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class PinaConfig(AppConfig):
    default = True
    name = "pina"
    verbose_name = _("Site")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from . import checks  # noqa: F401 - registers the multi-instance checks
        from .page_cache import connect_signals
        from .search import register_sqlite_functions

        # The SQLite search compares Unicode-case-folded text with a Python function.
        connection_created.connect(register_sqlite_functions, dispatch_uid="pina_sqlite_fold")
        # Content changes invalidate the anonymous page cache.
        connect_signals()
        # Pillow's own decompression-bomb guard uses the same limit as the upload checks, so
        # an image that slipped past them (e.g. a file put in MEDIA_ROOT by hand) is still not
        # decoded into gigabytes of memory when renditions are made.
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_UPLOAD_MAX_PIXELS


class PinaAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with pina.admin_site.PinaAdminSite as `admin.site`."""

    default = False  # "pina" itself is PinaConfig
    default_site = "pina.admin_site.PinaAdminSite"
