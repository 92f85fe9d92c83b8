from django.urls import path

from allocations.agreements import views

urlpatterns = [
    path("lan/<slug:slug>/", views.county_latest, name="county_latest"),
    path("lan/<slug:slug>/<int:year>/", views.county_overview_view, name="county_overview"),
    path("overenskommelse/<int:year>/", views.agreement_detail, name="agreement_detail"),
]
