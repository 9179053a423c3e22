from django.urls import path

from . import views

app_name = "volunteers"

urlpatterns = [
    path("volunteer/", views.SignupView.as_view(), name="signup"),
    # An event sign-up link (the QR code at a conference): the same form, the link's limits.
    path("volunteer/event/<str:token>/", views.SignupView.as_view(), name="event_signup"),
    path("volunteer/thanks/", views.ThanksView.as_view(), name="thanks"),
    path("volunteer/confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path(
        "volunteer/confirm/<str:token>/new-link/",
        views.ResendConfirmationView.as_view(),
        name="resend_confirmation",
    ),
    path("volunteer/change/<str:token>/", views.ConfirmChangeView.as_view(), name="confirm_change"),
    path("volunteer/withdraw/<str:token>/", views.WithdrawView.as_view(), name="withdraw"),
]
