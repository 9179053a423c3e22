from django.urls import reverse

from pina.site.sitemaps import LargeSitemap, TranslatedSitemap

from .models import Conference
from .selectors import helpline_country_codes, visible_organizations


class EventsSitemap(TranslatedSitemap):
    """Pages in each site language, with hreflang alternates; an organization only in the
    languages it is written in."""


class ConferenceListSitemap(EventsSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return ["events:conference_list"]

    def location(self, item):
        return reverse(item)


class DirectorySitemap(EventsSitemap):
    """The list of organizations and the list of countries."""

    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return ["events:organization_list", "events:country_list"]

    def location(self, item):
        return reverse(item)


class ConferenceSitemap(LargeSitemap):
    """Every published conference in every language, in pages that read only their own."""

    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Conference.objects.published().order_by("-start_date", "pk")


class OrganizationSitemap(EventsSitemap):
    """Organizations that took part in at least one published conference."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return self.with_status(visible_organizations().order_by("pk"))


class CountrySitemap(EventsSitemap):
    """Countries that hosted or joined a published conference."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        codes = set()
        rows = Conference.objects.published()
        for host, joined in rows.values_list("host_country", "participating_countries"):
            if host:
                codes.add(str(host))
            codes.update(code for code in str(joined or "").split(",") if code)
        return sorted(codes)

    def location(self, code):
        return reverse("events:country_detail", kwargs={"code": code.lower()})


class HelpSitemap(EventsSitemap):
    """The help page and the help page of each country with a published helpline."""

    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return [None, *helpline_country_codes()]

    def location(self, code):
        if code is None:
            return reverse("events:help")
        return reverse("events:help_country", kwargs={"code": code.lower()})


sitemaps = {
    "conference-list": ConferenceListSitemap,
    "directories": DirectorySitemap,
    "conferences": ConferenceSitemap,
    "organizations": OrganizationSitemap,
    "countries": CountrySitemap,
    "help": HelpSitemap,
}
