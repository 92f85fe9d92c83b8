"""Writes for distribution keys: creating a key, saving its result as allocations, and
importing the recipients' populations the keys are computed from."""

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.distribution.arithmetic import (
    DistributionError,
    KeyResult,
    Step,
    apply_key,
    steps_to_json,
)
from allocations.models import (
    County,
    CountyAllocation,
    DistributionKey,
    DistributionResultLine,
    FocusArea,
    Organisation,
)


@transaction.atomic
def distribution_key_create(
    *,
    county: County | None,
    focus_area: FocusArea,
    name: str,
    total_amount: int,
    steps: Sequence[Step],
    user: AbstractBaseUser | None,
    description: str = "",
    save_result: bool = False,
) -> DistributionKey:
    """Store a key with its inputs, and with `save_result` its result in the same transaction.
    Refused (`DistributionError`) unless it distributes `total_amount` to the krona."""
    apply_key(total_amount, steps)
    key = DistributionKey.objects.create(
        county=county,
        agreement=focus_area.agreement,
        focus_area=focus_area,
        name=name,
        description=description,
        total_amount=total_amount,
        steps=steps_to_json(steps),
        created_by=user,
    )
    if save_result:
        distribution_key_save_result(key=key, user=user)
    return key


def _trace(result: KeyResult, recipient: str) -> list[dict]:
    return [
        {
            "step": part.step,
            "kind": str(part.kind),
            "within": list(part.within),
            "exact": str(part.exact),
            "amount": part.amount,
        }
        for part in result.final_parts
        if part.recipient == recipient
    ]


@transaction.atomic
def distribution_key_save_result(
    *, key: DistributionKey, user: AbstractBaseUser | None
) -> list[DistributionResultLine]:
    """Compute the key and save its result beside it, replacing an earlier result.

    A national key (no county) gives counties their allocation in the key's focus area:
    every recipient must be a county's name, and its `CountyAllocation` is created or updated
    with the key's name as basis. A county's key stores sub-allocations: recipients named like
    one of the county's organisations are linked to it, others (e.g. civil society by
    application) are kept by name. The saved lines add up to the key's total.
    """
    result = apply_key(key.total_amount, key.step_list())
    amounts = result.amounts
    if key.county_id is None:
        counties = {c.name.casefold(): c for c in County.objects.all()}
        unknown = [name for name in amounts if name.casefold() not in counties]
        if unknown:
            raise DistributionError(
                f"Not a county: {', '.join(unknown)}.", code="unknown_county", names=unknown
            )
        if not key.focus_area.has_county_joint_funds:
            raise DistributionError(
                "The focus area carries no county-joint funds.", code="no_county_joint_funds"
            )
    else:
        organisations = {
            o.name.casefold(): o for o in Organisation.objects.filter(county_id=key.county_id)
        }
    key.result_lines.all().delete()
    lines = []
    for position, (recipient, amount) in enumerate(amounts.items(), start=1):
        line = DistributionResultLine(
            key=key,
            position=position,
            recipient=recipient,
            amount=amount,
            trace=_trace(result, recipient),
        )
        if key.county_id is None:
            line.county = counties[recipient.casefold()]
            CountyAllocation.objects.update_or_create(
                county=line.county,
                focus_area=key.focus_area,
                defaults={"amount": amount, "basis": key.name[:300]},
            )
        else:
            line.organisation = organisations.get(recipient.casefold())
        lines.append(line)
    DistributionResultLine.objects.bulk_create(lines)
    key.result_saved_at = timezone.now()
    key.result_saved_by = user
    key.save(update_fields=["result_saved_at", "result_saved_by"])
    return lines


# --- populations -----------------------------------------------------------------------------

HEADERS = {("name", "population"), ("namn", "befolkning"), ("namn", "folkmängd")}


@dataclass
class PopulationImport:
    """What an import did: the populations set, or the problems line by line (then nothing
    is saved)."""

    populations: list[tuple[str, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return not self.errors


def _line_error(report: PopulationImport, number: int, message: str) -> None:
    report.errors.append(_("Line %(number)s: %(message)s") % {"number": number, "message": message})


@transaction.atomic
def populations_import(*, county: County | None, data: bytes | str) -> PopulationImport:
    """Set populations from CSV text `name;population` with a header line (UTF-8, with or
    without BOM). Names are the county's organisations (or, without a county, the counties).
    All or nothing: when any line is wrong, the report lists every problem and nothing is saved.
    """
    report = PopulationImport()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.errors.append(_("The file is not UTF-8 text."))
            return report
    data = data.removeprefix("\ufeff")
    targets = County.objects.all() if county is None else county.organisations.all()
    by_name = {target.name.casefold(): target for target in targets}
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if not numbered:
        report.errors.append(_("The file is empty."))
        return report
    header_number, header = numbered[0]
    if tuple(c.strip().casefold() for c in header) not in HEADERS:
        _line_error(report, header_number, _("The first line must be the header name;population."))
    if len(numbered) == 1:
        report.errors.append(_("The file has no lines after the header."))
    found: dict[str, tuple[object, int]] = {}
    for number, row in numbered[1:]:
        if len(row) != 2:
            _line_error(report, number, _("Expected two columns: name;population."))
            continue
        name, raw = row[0].strip(), re.sub(r"\s", "", row[1])
        target = by_name.get(name.casefold())
        if target is None:
            _line_error(report, number, _("No recipient is called “%(name)s”.") % {"name": name})
        elif target.name.casefold() in found:
            _line_error(report, number, _("“%(name)s” is listed twice.") % {"name": name})
        if not raw.isdigit():
            _line_error(
                report,
                number,
                _("“%(value)s” is not a population (a whole number).") % {"value": row[1]},
            )
        elif target is not None:
            found[target.name.casefold()] = (target, int(raw))
    if report.errors:
        return report
    for target, population in found.values():
        target.population = population
        target.save(update_fields=["population"])
        report.populations.append((target.name, population))
    return report
