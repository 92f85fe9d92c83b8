from django.urls import path

from reporting.bulk import views

urlpatterns = [
    path("lan/<slug:slug>/meddelanden/", views.bulk_messages, name="bulk_messages"),
    path("lan/<slug:slug>/meddelanden/nytt/", views.bulk_message_new, name="bulk_message_new"),
    path("lan/<slug:slug>/meddelanden/<int:pk>/", views.bulk_message, name="bulk_message"),
    path(
        "lan/<slug:slug>/meddelanden/<int:pk>/skicka/",
        views.bulk_message_send_view,
        name="bulk_message_send",
    ),
]
