from django.urls import path

from allocations.history import views

urlpatterns = [
    path("lan/<slug:slug>/historik/", views.county_history, name="county_history"),
]
