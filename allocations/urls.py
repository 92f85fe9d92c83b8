from django.urls import path

from . import views

app_name = "allocations"

urlpatterns = [
    path("lan/<slug:slug>/", views.county_latest, name="county_latest"),
    path("lan/<slug:slug>/<int:year>/", views.county_overview_view, name="county_overview"),
]
urlpatterns += [
    path("overenskommelse/<int:year>/", views.agreement_detail, name="agreement_detail"),
]
