from django.urls import path

from allocations.budget import views as views_budget

BUDGET = "lan/<slug:slug>/budget/<int:year>/"

urlpatterns = [
    path("lan/<slug:slug>/budget/", views_budget.budget_latest, name="budget_latest"),
    path(BUDGET, views_budget.budget, name="budget"),
    path(BUDGET + "aktorer/", views_budget.budget_actors, name="budget_actors"),
    path(BUDGET + "omfordela/", views_budget.reallocation_create, name="reallocation_create"),
    path(BUDGET + "bidrag/", views_budget.budget_grants_export, name="budget_grants_export"),
    path(BUDGET + "360giving.json", views_budget.budget_360giving, name="budget_360giving"),
    path(BUDGET + "<slug:column>/", views_budget.budget_cell, name="budget_cell"),
    path(BUDGET + "<slug:column>/<int:area>/", views_budget.budget_cell, name="budget_cell"),
    path(
        BUDGET + "<slug:column>/<int:area>/<int:sub>/",
        views_budget.budget_cell,
        name="budget_cell",
    ),
]
