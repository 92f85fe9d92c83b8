"""The filter form of the review overview (django-filter).

The text search narrows the queryset in the database. Category, spread and recommendation
are read from what the viewer may see of the group's assessments, so they are applied to
the computed rows (`review.selectors.overview._matches`); their filter methods leave the queryset
as it is. The ordering is applied to the rows too (see ORDERINGS).
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from applications.models import Application, Recommendation

# ?o= values: the column and its direction ("-" descending); empty is the ranking.
ORDERINGS = {
    "case": _("case number"),
    "amount": _("amount applied for"),
    "category": _("category"),
    "score": _("mean score"),
}
ORDERINGS = ORDERINGS | {f"-{key}": label for key, label in ORDERINGS.items()}


class ReviewOverviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search title or applicant"))
    category = django_filters.ChoiceFilter(
        method="computed", label=_("Consensus category"), empty_label=_("All categories")
    )
    recommendation = django_filters.ChoiceFilter(
        choices=Recommendation.choices,
        method="computed",
        label=_("A member recommends"),
        empty_label=_("Any recommendation"),
    )
    spread = django_filters.BooleanFilter(
        method="computed",
        label=_("Only applications where members differ by two categories or more"),
        widget=forms.CheckboxInput,
    )
    o = django_filters.ChoiceFilter(
        method="computed",
        label=_("Order by"),
        choices=[(key, key) for key in ORDERINGS],
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Application
        fields = ["q", "category", "recommendation", "spread", "o"]

    def __init__(self, *args, categories: list[int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(rank), str(rank)) for rank in categories or []]
        self.filters["category"].extra["choices"] = [
            *choices,
            ("none", _("No category")),
        ]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__icontains=value) | Q(organisation__name__icontains=value))

    def computed(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset
