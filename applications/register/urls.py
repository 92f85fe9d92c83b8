from django.urls import path

from applications.register.views import audit
from applications.register.views import entries as register

urlpatterns = [
    path("lan/<slug:slug>/diarium/", register.register, name="register"),
    path(
        "lan/<slug:slug>/diarium/<int:pk>/handlaggare/",
        register.register_officer,
        name="register_officer",
    ),
    path("lan/<slug:slug>/logg.csv", audit.county_log_csv, name="county_log"),
    path("lan/<slug:slug>/bidrag/<int:pk>/historik/", audit.grant_history, name="grant_history"),
]
