from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    default = True
    name = "pina.security"
    label = "pina_security"
    verbose_name = _("Security")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Pillow's own decompression-bomb guard uses the same limit as the upload checks, so
        # an image that slipped past them (e.g. a file put in MEDIA_ROOT by hand) is still not
        # decoded into gigabytes of memory when renditions are made.
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_UPLOAD_MAX_PIXELS


class PinaAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with pina.security.admin_site.PinaAdminSite as `admin.site`."""

    default = False
    default_site = "pina.security.admin_site.PinaAdminSite"
