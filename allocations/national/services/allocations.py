"""SKR's allocations to the counties, saved from an imported table all or nothing."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from allocations.models import (
    Agreement,
    CountyAllocation,
)
from allocations.national.selectors import ImportRow
from allocations.national.services.common import (
    AllocationImportError,
    audited_by,
)

# The basis of an imported allocation. Stored as data, in Swedish like the seeds' bases.
SKR_TABLE_BASIS = "Enligt SKR:s fördelning till länen"


@transaction.atomic
def allocation_import_save(
    *, agreement: Agreement, rows: list[ImportRow], by: AbstractBaseUser | None
) -> int:
    """Each county's allocation in each area of the rows, created or replaced, its basis
    SKR's table; returns how many rows were saved. All or nothing: refused when a row has an
    error or an area of another year or one without county-joint funds."""
    if not rows or any(row.errors or row.county is None or row.amount is None for row in rows):
        raise AllocationImportError(_("The table has errors: nothing was saved."))
    for row in rows:
        area = row.focus_area
        if area is None or area.agreement_id != agreement.pk or not area.has_county_joint_funds:
            raise AllocationImportError(_("The table has errors: nothing was saved."))
    existing = {
        (a.county_id, a.focus_area_id): a
        for a in CountyAllocation.objects.select_for_update().filter(
            focus_area__agreement=agreement
        )
    }
    for row in rows:
        allocation = existing.get((row.county.pk, row.focus_area.pk)) or CountyAllocation(
            county=row.county, focus_area=row.focus_area
        )
        if allocation.pk and (allocation.amount, allocation.basis) == (row.amount, SKR_TABLE_BASIS):
            continue
        allocation.amount = row.amount
        allocation.basis = SKR_TABLE_BASIS
        audited_by(allocation, by).save()
    return len(rows)
