from django.db import connection, transaction
from django.db.models.signals import pre_save

from allocations.models import County
from applications.models import CaseNumberSequence

_NEXT = """
    INSERT INTO {table} (county_id, year, last_number) VALUES (%s, %s, 1)
    ON CONFLICT (county_id, year) DO UPDATE SET last_number = {table}.last_number + 1
    RETURNING last_number
"""


def case_number_allocate(*, county: County, year: int) -> str:
    """The next case number of a county and year: unique and gapless.

    Must run inside the transaction that stores it: the sequence row stays locked until that
    transaction ends, and a rollback gives the number back. One statement takes the number:
    it creates the year's sequence at its first number or moves it on by one.
    """
    assert transaction.get_connection().in_atomic_block, "allocate inside the storing transaction"
    # The statement is a save of the county's sequence: its signal tells the page caches
    # which county's data changed, as a save through the model would.
    pre_save.send(
        sender=CaseNumberSequence,
        instance=CaseNumberSequence(county=county, year=year),
        raw=False,
        using=connection.alias,
        update_fields=None,
    )
    table = connection.ops.quote_name(CaseNumberSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_NEXT.format(table=table), [county.pk, year])
        (number,) = cursor.fetchone()
    return county.format_case_number(year=year, number=number)
