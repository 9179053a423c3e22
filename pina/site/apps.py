from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    # The app label stays "pina": its tables, permissions and migration history predate the
    # sub-packages.
    name = "pina.site"
    label = "pina"
    verbose_name = _("Site")
