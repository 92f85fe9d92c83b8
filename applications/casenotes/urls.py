"""Internal case notes on an application."""

from django.urls import path

from applications.casenotes.views import case_note_add_view

urlpatterns = [
    path("ansokningar/<int:pk>/anteckningar/", case_note_add_view, name="case_note_add"),
]
