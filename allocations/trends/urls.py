from django.urls import path

from allocations.trends import views

urlpatterns = [
    path("lan/<slug:slug>/ar-for-ar/", views.county_trends_view, name="county_trends"),
]
