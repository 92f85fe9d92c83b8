"""Requests for public records under the county."""

from applications.disclosure import views

urlpatterns = views.urlpatterns
