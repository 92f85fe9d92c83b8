"""Reads for the county's register (diarium)."""

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allocations.models import County
from applications.applying.filters import RegisterEntryFilter
from applications.exports import Column
from applications.models import RegisterEntry


def register_entries(*, county: County) -> QuerySet[RegisterEntry]:
    """The county's register, newest first; the officer comes in the same query."""
    return (
        RegisterEntry.objects.filter(county=county)
        .select_related("officer")
        .order_by("-date", "-pk")
    )


def register_filter(*, county: County, data: QueryDict | None) -> RegisterEntryFilter:
    """The register narrowed by the filter form; `.qs` is the filtered queryset."""
    return RegisterEntryFilter(data or None, queryset=register_entries(county=county))


def officer_name(entry: RegisterEntry) -> str:
    officer = entry.officer
    if officer is None:
        return ""
    return officer.get_full_name() or officer.get_username()


REGISTER_COLUMNS = [
    Column(_("Date"), lambda entry: timezone.localtime(entry.date).date(), width=12),
    Column(_("Case number"), lambda entry: entry.case_number, width=16),
    Column(_("Document"), lambda entry: entry.get_kind_display(), width=30),
    Column(_("Sender"), lambda entry: entry.sender, width=36),
    Column(_("Officer"), officer_name, width=24),
    Column(_("Description"), lambda entry: entry.description, width=60),
]
