from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class VolunteerPagesSitemap(Sitemap):
    """The volunteer form and the privacy notice, in every language."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return ["volunteers:signup", "privacy"]

    def location(self, item):
        return reverse(item)
