"""Log-in, two-factor, password reset, the user's account and the people of a county. Names are
not namespaced: Django's auth views reverse `login`, `password_reset_done` and the like."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as views_accounts
from accounts.login import EmailAuthenticationForm
from accounts.two_factor import views as views_two_factor

urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("logga-in/kod/", views_two_factor.two_factor_verify, name="two_factor_verify"),
    path(
        "logga-in/tvafaktor/",
        views_two_factor.two_factor_enrol,
        name="two_factor_enrol",
    ),
    path(
        "konto/reservkoder/",
        views_two_factor.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("konto/", views_accounts.account, name="account"),
    path("konto/mina-uppgifter.json", views_accounts.account_data, name="account_data"),
    path("losenord/aterstall/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "losenord/aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "losenord/aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "losenord/aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("losenord/byt/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "losenord/byt/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The people of a county, invitations, roles ended, organisations asking to be registered.
    path("", include("accounts.people.urls")),
    path(
        "lan/<slug:slug>/personer/<int:user_id>/anonymisera/",
        views_accounts.person_anonymise_confirm,
        name="person_anonymise",
    ),
]
