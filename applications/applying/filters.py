"""Filters for the county's lists (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import RegisterEntry, RegisterEntryKind


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class RegisterEntryFilter(django_filters.FilterSet):
    """The register by date range, kind of document, case number and sender."""

    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="date__gte", label=_("From date"), widget=_DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="date__lte", label=_("To date"), widget=_DateInput()
    )
    kind = django_filters.ChoiceFilter(
        choices=RegisterEntryKind.choices, label=_("Document"), empty_label=_("All documents")
    )
    case_number = django_filters.CharFilter(lookup_expr="icontains", label=_("Case number"))
    sender = django_filters.CharFilter(lookup_expr="icontains", label=_("Sender"))

    class Meta:
        model = RegisterEntry
        fields = ["date_from", "date_to", "kind", "case_number", "sender"]
