from django.urls import path

from reporting.deadlines import views

urlpatterns = [
    path("lan/<slug:slug>/tidsfrister/", views.deadlines, name="deadlines"),
    path("lan/<slug:slug>/tidsfrister/<int:pk>/", views.deadline_edit, name="deadline_edit"),
    path("lan/<slug:slug>/tidsfrister/<int:pk>/klar/", views.deadline_done, name="deadline_done"),
    path(
        "lan/<slug:slug>/paminnelser/<int:pk>/skicka-igen/",
        views.reminder_resend,
        name="reminder_resend",
    ),
    path("konto/aviseringar/", views.notifications, name="notifications"),
    path("konto/kalender/", views.calendar_feed, name="calendar_feed"),
    path("kalender/<str:token>.ics", views.calendar_ics, name="calendar_ics"),
]
