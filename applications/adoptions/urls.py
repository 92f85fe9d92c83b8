"""The members' adoption cases: the member's page, the coordinator's overview and the
cover memo with its package for the board."""

from django.urls import include, path

from applications.adoptions import package_urls, views

urlpatterns = [
    *views.urlpatterns,
    path("", include(package_urls)),
]
