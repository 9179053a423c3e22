"""The site's URLs plus a stand-in `events:help` page: the help page arrives from another branch,
and the header and footer show their "Get help" link only once that URL exists (base.html)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import LocalePrefixPattern, URLResolver, include, path

import events.urls
from pina import urls as site_urls
from pina.site.home import HomeView


def _localized(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            return pattern
    raise LookupError("no i18n_patterns in pina.urls")


_localized_site = _localized(site_urls.urlpatterns)
_events_with_help = (
    [*events.urls.urlpatterns, path("help/", HomeView.as_view(), name="help")],
    events.urls.app_name,
)

urlpatterns = [
    *(p for p in site_urls.urlpatterns if p is not _localized_site),
    *i18n_patterns(
        *(p for p in _localized_site.url_patterns if getattr(p, "namespace", None) != "events"),
        path("", include(_events_with_help)),
        prefix_default_language=True,
    ),
]

handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
