from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from allocations.agreements import views as allocation_views
from config.health import health

admin.site.site_header = _("Länsmedel – administration")
admin.site.site_title = _("Länsmedel")


urlpatterns = [
    path("", allocation_views.start, name="start"),
    path("", include("accounts.urls")),
    path("", include("accounts.oidc.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("allocations.urls")),
    path("", include("applications.urls")),
    path("", include("reporting.urls")),
    path("", include("reporting.api.urls")),
    path("admin/", admin.site.urls),
    # For load balancers and monitoring: public, JSON, 503 naming what fails (config/health.py)
    path("halsa/", health, name="health"),
    path("health/", health, name="health_en"),
]
