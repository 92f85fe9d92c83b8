"""Internal case notes on an application."""

from applications.casenotes import views

urlpatterns = views.urlpatterns
