from django.urls import path

from accounts.people import views

urlpatterns = [
    path("lan/<slug:slug>/personer/", views.county_people_list, name="county_people"),
    path(
        "lan/<slug:slug>/personer/bjud-in/",
        views.invitation_create_view,
        name="invitation_create",
    ),
    path(
        "lan/<slug:slug>/personer/inbjudningar/<int:pk>/aterkalla/",
        views.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path(
        "lan/<slug:slug>/personer/inbjudningar/<int:pk>/skicka-igen/",
        views.invitation_resend_view,
        name="invitation_resend",
    ),
    path(
        "lan/<slug:slug>/personer/roller/<int:pk>/avsluta/",
        views.role_end_view,
        name="role_end",
    ),
    path("inbjudan/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path(
        "nationellt/administratorer/",
        views.national_administrators,
        name="national_administrators",
    ),
    path(
        "nationellt/administratorer/<int:pk>/avsluta/",
        views.national_administrator_end_view,
        name="national_administrator_end",
    ),
    path(
        "nationellt/lan/<slug:slug>/samordnare/",
        views.county_coordinator_invite,
        name="county_coordinator_invite",
    ),
    path("organisationer/registrera/", views.organisation_register, name="organisation_register"),
    path(
        "lan/<slug:slug>/organisationer/",
        views.organisation_registrations_list,
        name="organisation_registrations",
    ),
    path(
        "lan/<slug:slug>/organisationer/<int:pk>/",
        views.organisation_registration_decide_view,
        name="organisation_registration_decide",
    ),
]
