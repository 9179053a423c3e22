"""The site's URLs plus the benchmark's ceiling view (/<lang>/bench/ceiling/)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from pina.urls import urlpatterns as site_urlpatterns
from tests.bench import views

urlpatterns = [
    *site_urlpatterns,
    *i18n_patterns(
        path("bench/ceiling/", views.ceiling, name="bench_ceiling"),
        prefix_default_language=True,
    ),
]
