from django.urls import path

from allocations.national import views

urlpatterns = [
    path("nationellt/", views.national_home, name="national_home"),
    path("nationellt/ar/nytt/", views.agreement_create_view, name="agreement_create"),
    path("nationellt/ar/<int:year>/", views.agreement_edit, name="agreement_edit"),
    path("nationellt/ar/<int:year>/kopiera/", views.agreement_copy_view, name="agreement_copy"),
    path(
        "nationellt/ar/<int:year>/fordelning/",
        views.allocation_import,
        name="allocation_import",
    ),
    path("nationellt/lan/nytt/", views.county_create_view, name="county_create"),
    path("nationellt/lan/<slug:slug>/", views.county_edit, name="county_edit"),
]
