from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
]
