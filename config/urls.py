from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from allocations.agreements import views as allocation_views

admin.site.site_header = _("Länsmedel – administration")
admin.site.site_title = _("Länsmedel")


urlpatterns = [
    path("", allocation_views.start, name="start"),
    path("", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("allocations.urls")),
    path("", include("applications.urls")),
    path("", include("reporting.urls")),
    path("admin/", admin.site.urls),
]
