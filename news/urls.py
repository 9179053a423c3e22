from django.urls import path

from . import views
from .feeds import CategoryPostsFeed, LatestPostsFeed

app_name = "news"

urlpatterns = [
    path("", views.PostListView.as_view(), name="list"),
    path("feed/", LatestPostsFeed(), name="feed"),
    path("category/<slug:slug>/", views.PostListView.as_view(), name="category"),
    path("category/<slug:slug>/feed/", CategoryPostsFeed(), name="category_feed"),
    path("preview/<str:token>/", views.post_preview, name="preview"),
    path("<slug:slug>/", views.PostDetailView.as_view(), name="detail"),
]
