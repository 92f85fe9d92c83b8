from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from allocations import views as allocation_views
from allocations import views_accounts, views_two_factor
from allocations.forms import EmailAuthenticationForm

admin.site.site_header = _("Länsmedel – administration")
admin.site.site_title = _("Länsmedel")

auth_patterns = [
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
]

urlpatterns = [
    path("", allocation_views.start, name="start"),
    *auth_patterns,
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("allocations.urls")),
    path("", include("applications.urls")),
    path("", include("reporting.urls")),
    path("admin/", admin.site.urls),
]
