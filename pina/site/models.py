from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pina.content.single_record import SingleRecord

# Where "Exit this page" (templates/base.html, static/js/exit-page.js) takes a visitor who must
# leave the site at once, e.g. because someone is looking at their phone. A weather search on
# Google: the search engine most people in the region use, and a page anyone could have open for
# any reason, so neither the screen nor the browser's history gives the visitor away. Also used
# where the settings cannot be read (the 500 and 503 pages).
DEFAULT_EXIT_PAGE_URL = "https://www.google.com/search?q=weather"

# Only https: the link is followed from a page about trafficking, so an eavesdropper on the
# network must not see the address either; and never javascript: or data:, which would run in
# (or replace) our page instead of leaving it.
https_only = URLValidator(
    schemes=["https"], message=_("Enter a full address starting with https://.")
)


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
    exit_page_url = models.URLField(
        _("“Exit this page” destination"),
        max_length=500,
        default=DEFAULT_EXIT_PAGE_URL,
        validators=[https_only],
        help_text=_(
            "Where the “Exit this page” button at the top of every page takes a visitor who "
            "has to leave the site quickly. Choose a neutral, widely used site that gives "
            "nothing away (a weather or news page); https:// only."
        ),
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
