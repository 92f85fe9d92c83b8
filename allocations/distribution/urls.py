from django.urls import path

from allocations.distribution import views

urlpatterns = [
    path("lan/<slug:slug>/fordelning/", views.distribution, name="distribution"),
]
