from django.urls import path

from reporting import views_mail as views

urlpatterns = [
    path("lan/<slug:slug>/e-post/", views.county_mail, name="county_mail"),
    path(
        "lan/<slug:slug>/e-post/<int:pk>/skicka-igen/",
        views.county_mail_resend,
        name="county_mail_resend",
    ),
]
