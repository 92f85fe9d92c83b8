from django.urls import path

from accounts.people.views import county, national, registrations

urlpatterns = [
    path("lan/<slug:slug>/personer/", county.county_people_list, name="county_people"),
    path(
        "lan/<slug:slug>/personer/bjud-in/",
        county.invitation_create_view,
        name="invitation_create",
    ),
    path(
        "lan/<slug:slug>/personer/inbjudningar/<int:pk>/aterkalla/",
        county.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path(
        "lan/<slug:slug>/personer/inbjudningar/<int:pk>/skicka-igen/",
        county.invitation_resend_view,
        name="invitation_resend",
    ),
    path(
        "lan/<slug:slug>/personer/roller/<int:pk>/avsluta/",
        county.role_end_view,
        name="role_end",
    ),
    path("inbjudan/<str:token>/", county.invitation_accept_view, name="invitation_accept"),
    path(
        "nationellt/administratorer/",
        national.national_administrators,
        name="national_administrators",
    ),
    path(
        "nationellt/administratorer/<int:pk>/avsluta/",
        national.national_administrator_end_view,
        name="national_administrator_end",
    ),
    path(
        "nationellt/lan/<slug:slug>/samordnare/",
        national.county_coordinator_invite,
        name="county_coordinator_invite",
    ),
    path(
        "organisationer/registrera/",
        registrations.organisation_register,
        name="organisation_register",
    ),
    path(
        "lan/<slug:slug>/organisationer/",
        registrations.organisation_registrations_list,
        name="organisation_registrations",
    ),
    path(
        "lan/<slug:slug>/organisationer/<int:pk>/",
        registrations.organisation_registration_decide_view,
        name="organisation_registration_decide",
    ),
]
