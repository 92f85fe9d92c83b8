from django.urls import path

from allocations.county_years import views

urlpatterns = [
    path("lan/<slug:slug>/ar/oppna/", views.county_year_open_view, name="county_year_open"),
    path("lan/<slug:slug>/ar/<int:year>/", views.county_year, name="county_year"),
    path(
        "lan/<slug:slug>/ar/<int:year>/bekrafta/",
        views.county_year_confirm_view,
        name="county_year_confirm",
    ),
]
