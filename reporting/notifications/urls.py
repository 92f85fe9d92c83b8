from django.urls import path

from reporting.notifications import views

urlpatterns = [
    path("konto/meddelanden/", views.notification_choices, name="notification_choices"),
]
