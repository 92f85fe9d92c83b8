"""The year's frame and the money: one include per domain, in the order they are matched."""

from django.urls import include, path

from allocations.agreements import urls as agreements
from allocations.budget import urls as budget
from allocations.county_years import urls as county_years
from allocations.criteria import urls as criteria
from allocations.distribution import urls as distribution
from allocations.followup import urls as followup
from allocations.history import urls as history
from allocations.national import urls as national
from allocations.obligations import urls as obligations
from allocations.trends import urls as trends

app_name = "allocations"

# In the order they are matched.
urlpatterns = [
    path("", include(domain))
    for domain in (
        agreements,
        county_years,
        national,
        history,
        distribution,
        criteria,
        budget,
        followup,
        obligations,
        trends,
    )
]
