from django.urls import path

from reporting.messaging import views

urlpatterns = [
    path("lan/<slug:slug>/e-post/", views.county_mail, name="county_mail"),
    path(
        "lan/<slug:slug>/e-post/<int:pk>/skicka-igen/",
        views.county_mail_resend,
        name="county_mail_resend",
    ),
]
