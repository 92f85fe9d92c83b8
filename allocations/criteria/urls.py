from django.urls import path

from allocations.criteria import views as views_criteria

urlpatterns = [
    path("lan/<slug:slug>/kriterier/<int:year>/", views_criteria.criteria_edit, name="criteria"),
]
