from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pina.content.single_record import SingleRecord


class SiteSettings(SingleRecord):
    """The site-wide texts staff edit in the admin: one record, translated like other content.

    Read through `SiteSettings.current()`, which caches the record; saving clears the cache.
    """

    CACHE_KEY = "pina:site-settings:v1"

    site_name = models.CharField(_("site name"), max_length=80, default="PINA")
    tagline = models.CharField(
        _("what the network is"),
        max_length=200,
        default="Network of organizations combating trafficking in persons in Central Asia",
    )
    contact_email = models.EmailField(_("contact e-mail"), default="network.pina@gmail.com")
    contact_text = models.CharField(
        _("contact invitation"),
        max_length=200,
        default="Please contact us if you are interested in the activity of the Network",
    )
    volunteer_call = models.TextField(
        _("call to volunteer"),
        max_length=500,
        default=(
            "If you are interested in combating trafficking in persons, we would love to have "
            "you as part of our volunteer team."
        ),
    )
    credit_line = models.CharField(
        _("credit line"),
        max_length=300,
        default=(
            "The web-site was developed with support of Eurasia Foundation within the project "
            "“Initiative to Combat Trafficking in Persons in Central Asia”"
        ),
    )
    copyright = models.CharField(
        _("copyright"), max_length=120, default="© 2022 All rights reserved"
    )
    coordinator_emails = models.TextField(
        _("volunteer coordinators' e-mail addresses"),
        blank=True,
        help_text=_("One address per line. New volunteer applications are announced to them."),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def coordinator_addresses(self) -> list[str]:
        listed = [line.strip() for line in self.coordinator_emails.splitlines() if line.strip()]
        return listed or list(getattr(settings, "VOLUNTEER_COORDINATOR_EMAILS", []))
