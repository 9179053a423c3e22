from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    # The app label stays "pina": its tables, permissions and migration history predate the
    # sub-packages.
    name = "pina.site"
    label = "pina"
    verbose_name = _("Site")

    def ready(self):
        # Registers the check that production has SITE_URL (pina.E010).
        from . import addresses  # noqa: F401
