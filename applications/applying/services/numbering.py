from django.db import transaction

from allocations.models import County
from applications.models import CaseNumberSequence


def case_number_allocate(*, county: County, year: int) -> str:
    """The next case number of a county and year: unique and gapless.

    Must run inside the transaction that stores it: the sequence row stays locked until that
    transaction ends, and a rollback gives the number back.
    """
    assert transaction.get_connection().in_atomic_block, "allocate inside the storing transaction"
    CaseNumberSequence.objects.get_or_create(county=county, year=year)
    sequence = CaseNumberSequence.objects.select_for_update().get(county=county, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return county.format_case_number(year=year, number=sequence.last_number)
