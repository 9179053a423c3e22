from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("conferences/", views.ConferenceListView.as_view(), name="conference_list"),
    path(
        "conferences/<slug:slug>/",
        views.ConferenceDetailView.as_view(),
        name="conference_detail",
    ),
    path("conferences/<slug:slug>/calendar.ics", views.conference_ics, name="conference_ics"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization_detail",
    ),
    path("help/", views.help_page, name="help"),
    path("help/<str:code>/", views.help_page, name="help_country"),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:code>/", views.CountryDetailView.as_view(), name="country_detail"),
]
