from django.urls import path

from allocations import views

app_name = "allocations"

urlpatterns = [
    path("lan/<slug:slug>/", views.county_latest, name="county_latest"),
    path("lan/<slug:slug>/<int:year>/", views.county_overview_view, name="county_overview"),
    path("lan/<slug:slug>/historik/", views.county_history, name="county_history"),
    path("lan/<slug:slug>/fordelning/", views.distribution, name="distribution"),
]
urlpatterns += [
    path("overenskommelse/<int:year>/", views.agreement_detail, name="agreement_detail"),
]

from allocations import views_criteria  # noqa: E402

urlpatterns += [
    path("lan/<slug:slug>/kriterier/<int:year>/", views_criteria.criteria_edit, name="criteria"),
]

from allocations import views_budget  # noqa: E402

BUDGET = "lan/<slug:slug>/budget/<int:year>/"
urlpatterns += [
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

# --- people of a county: anonymising someone who has left ---
from allocations import views_accounts  # noqa: E402

urlpatterns += [
    path("lan/<slug:slug>/personer/", views_accounts.county_people_list, name="county_people"),
    path(
        "lan/<slug:slug>/personer/<int:user_id>/anonymisera/",
        views_accounts.person_anonymise_confirm,
        name="person_anonymise",
    ),
]
# --- end people of a county ---

from allocations import urls_grants, urls_obligations  # noqa: E402

# Grant follow-up and the status report; the county's obligations (requisition, report
# back, repayment).
urlpatterns += urls_grants.urlpatterns + urls_obligations.urlpatterns
