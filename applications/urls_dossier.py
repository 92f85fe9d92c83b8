from django.urls import path

from applications.views import dossier

urlpatterns: list = [
    path("bidrag/<int:pk>/akt/", dossier.dossier_request_view, name="dossier_request"),
]
