from django.urls import path

from . import views

app_name = "allocations"

urlpatterns = [
    path("lan/<slug:slug>/", views.county_latest, name="county_latest"),
    path("lan/<slug:slug>/<int:year>/", views.county_overview_view, name="county_overview"),
    path("lan/<slug:slug>/historik/", views.county_history, name="county_history"),
    path("lan/<slug:slug>/fordelning/", views.distribution, name="distribution"),
]
urlpatterns += [
    path("overenskommelse/<int:year>/", views.agreement_detail, name="agreement_detail"),
]

from . import views_criteria  # noqa: E402

urlpatterns += [
    path("lan/<slug:slug>/kriterier/<int:year>/", views_criteria.criteria_edit, name="criteria"),
]
