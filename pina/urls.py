from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from events.sitemaps import sitemaps as events_sitemaps
from news.sitemaps import NewsIndexSitemap, PostSitemap
from pina.content.views import editor_image_upload
from pina.search.views import SearchView
from pina.site import views
from pina.site.home import HomeView
from pina.site.sitemaps import PagesSitemap
from volunteers.sitemaps import VolunteerPagesSitemap
from volunteers.views import PrivacyView

sitemaps = {
    "pages": PagesSitemap,
    "news": NewsIndexSitemap,
    "posts": PostSitemap,
    "volunteers": VolunteerPagesSitemap,
    **events_sitemaps,
}

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # An index of the sections, each in pages (`?p=2`): a posts' page lists at most
    # LargeSitemap.limit addresses, so its cost does not grow with the number of posts.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
    path("editor/upload/", editor_image_upload, name="editor_image_upload"),
    path("admin/", admin.site.urls),
    # The volunteer form's image captcha (django-simple-captcha), drawn by this site.
    path("captcha/", include("captcha.urls")),
]

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("news/", include("news.urls")),
    path("search/", SearchView.as_view(), name="search"),
    path("", include("volunteers.urls")),
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    path("", include("events.urls")),
    prefix_default_language=True,
)

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

handler400 = "pina.site.views.bad_request"
handler403 = "pina.site.views.permission_denied"
handler404 = "pina.site.views.page_not_found"
handler500 = "pina.site.views.server_error"
