"""Constants and row writers shared by the data-set builders (benchmarks.dataset*)."""

import datetime

from django.db import connection
from psycopg import sql

CALL_PREFIX = "Genererad utlysning"
BATCH = 2000
TEXT = (
    "Insatsen bygger vidare på länets handlingsplan och genomförs i samverkan mellan "
    "kommunerna och regionen. Målgruppen nås genom befintliga verksamheter. "
)

# The 21 counties: code, name, slug.
COUNTIES = [
    ("23", "Jämtland Härjedalen", "jamtland"),
    ("19", "Västmanland", "vastmanland"),
    ("20", "Dalarna", "dalarna"),
    ("14", "Västra Götaland", "vastragotaland"),
    ("01", "Stockholm", "stockholm"),
    ("03", "Uppsala", "uppsala"),
    ("04", "Södermanland", "sodermanland"),
    ("05", "Östergötland", "ostergotland"),
    ("06", "Jönköping", "jonkoping"),
    ("07", "Kronoberg", "kronoberg"),
    ("08", "Kalmar", "kalmar"),
    ("09", "Gotland", "gotland"),
    ("10", "Blekinge", "blekinge"),
    ("12", "Skåne", "skane"),
    ("13", "Halland", "halland"),
    ("17", "Värmland", "varmland"),
    ("18", "Örebro", "orebro"),
    ("21", "Gävleborg", "gavleborg"),
    ("22", "Västernorrland", "vasternorrland"),
    ("24", "Västerbotten", "vasterbotten"),
    ("25", "Norrbotten", "norrbotten"),
]
STATUS_OPTIONS = [
    ("Medlen rekvirerade", False),
    ("Pågår enligt plan", False),
    ("Ej tillsatt", True),
    ("Försenad", True),
    ("Avslutad", False),
]


def at(date: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(hour), tzinfo=datetime.UTC)


def bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def copy_rows(model, rows: list) -> None:
    """Rows nothing refers to: PostgreSQL's COPY (several times faster than INSERT … RETURNING
    for the hundreds of thousands of criterion rows), bulk_create elsewhere."""
    if connection.vendor != "postgresql" or not rows:
        bulk(model, rows)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table),
        sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in rows:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
