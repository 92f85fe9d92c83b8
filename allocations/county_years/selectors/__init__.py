"""Reads for opening a county's year: what would be copied, and the year's checklist."""

from allocations.county_years.selectors.checklist import (
    CHECKLIST_CONFIRMABLE,
    Checklist,
    ChecklistItem,
    county_year_checklist,
    county_year_get,
)
from allocations.county_years.selectors.copying import (
    CopyPlan,
    NotMapped,
    NotMappedKind,
    copy_plan,
    default_copy_source,
    shift_years,
)

__all__ = [
    "CHECKLIST_CONFIRMABLE",
    "Checklist",
    "ChecklistItem",
    "CopyPlan",
    "NotMapped",
    "NotMappedKind",
    "copy_plan",
    "county_year_checklist",
    "county_year_get",
    "default_copy_source",
    "shift_years",
]
