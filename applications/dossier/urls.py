from django.urls import path

from applications.dossier import views as dossier

urlpatterns: list = [
    path("bidrag/<int:pk>/akt/", dossier.dossier_request_view, name="dossier_request"),
    path("bidrag/<int:pk>/sip/", dossier.sip_request_view, name="sip_request"),
    path(
        "lan/<slug:slug>/ar/<int:year>/sip/", dossier.sip_year_request_view, name="sip_year_request"
    ),
]
