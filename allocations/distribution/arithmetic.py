"""Whole-krona arithmetic for distribution keys (fördelningsnycklar). No Django models here.

A sum is split in proportion to weights by the largest-remainder (Hamilton) method: every
recipient first gets the whole kronor of its exact share, and the kronor left over go one
each to the largest fractional remainders. The parts always add up to the whole, and each
part is within one krona of its exact share.

Tie rule (documented, deterministic): among equal remainders the recipient with the larger
weight gets the extra krona first; among equal weights, the recipient whose key comes first
in ascending order (Python's string order, i.e. by Unicode code point) gets it first. The
result never depends on the order in which the recipients are given. (Inside a shares step
whose shares add up to less than 1, the rest that carries on to the next step takes part in
the rounding under the empty key, which sorts first.)

A key (`apply_key`) is a list of steps applied in order to what remains of the total:

- `fixed`: fixed amounts in whole kronor, taken first (refused if more than what remains);
- `shares`: fractions of what remains (adding up to at most 1; a rest goes on to the next step);
- `population`: what remains, in proportion to population.

A shares or population step may name a nested key for a recipient: that recipient's rounded
amount is split further by the nested steps (VG area 4: the municipal federations' third by
population). The key must distribute the whole total; a rest left over is refused.

Stored as JSON (`steps_to_json` / `steps_from_json`), a key is a list of steps:

    [
      {"kind": "fixed", "parts": {"Civilsamhället": 1500000}},
      {"kind": "shares",
       "parts": {"Kommunalförbunden": "1/3", "Vårdsamverkan": "1/3", "VGR": "1/3"},
       "nested": {"Kommunalförbunden": [
         {"kind": "population", "parts": {"Skaraborgs kommunalförbund": 270000, ...}}]}}
    ]

Fixed parts and populations are integers; shares are strings that `fractions.Fraction`
reads exactly ("1/3", "0.25").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

Weight = int | Fraction | Decimal

# The rest of a shares step that carries on to the next step; recipient keys are non-empty.
_REST = ""


class DistributionError(ValueError):
    """A key or split that cannot be applied. `code` and `params` let the UI translate it."""

    def __init__(self, message: str, *, code: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def _as_fraction(value: Weight) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise TypeError(f"Weights are int, Fraction or Decimal, not {type(value).__name__}.")
    return Fraction(value)


def exact_shares(total: int, weights: Mapping[str, Weight]) -> dict[str, Fraction]:
    """Each recipient's exact share of `total`, as fractions of a krona."""
    if total < 0:
        raise DistributionError(
            f"Cannot distribute a negative total ({total}).", code="negative_total", total=total
        )
    values = {key: _as_fraction(weight) for key, weight in weights.items()}
    if any(value < 0 for value in values.values()):
        raise DistributionError("Weights cannot be negative.", code="negative_weight")
    whole = sum(values.values(), Fraction(0))
    if whole == 0:
        raise DistributionError("At least one weight must be above zero.", code="zero_weights")
    return {key: total * value / whole for key, value in values.items()}


def split_largest_remainder(total: int, weights: Mapping[str, Weight]) -> dict[str, int]:
    """Split `total` whole kronor in proportion to `weights` (largest remainder, tie rule above).

    The parts add up to `total` exactly and each is the floor or the ceiling of its exact
    share. A zero total gives zeros; a negative total or weights that are all zero are refused
    with `DistributionError` (a `ValueError`). The keys come back in the order given.
    """
    exact = exact_shares(total, weights)
    parts = {key: share.numerator // share.denominator for key, share in exact.items()}
    left_over = total - sum(parts.values())
    weight_of = {key: _as_fraction(weight) for key, weight in weights.items()}
    order = sorted(exact, key=lambda key: (-(exact[key] - parts[key]), -weight_of[key], key))
    for key in order[:left_over]:
        parts[key] += 1
    return parts


class StepKind(StrEnum):
    FIXED = "fixed"
    SHARES = "shares"
    POPULATION = "population"


@dataclass(frozen=True)
class Step:
    """One step of a key. `parts` maps recipients to a fixed amount, a share or a population;
    `nested` maps some of them to the steps that split their amount further."""

    kind: StepKind
    parts: Mapping[str, Weight]
    nested: Mapping[str, Sequence[Step]] = field(default_factory=dict)

    @classmethod
    def fixed(cls, parts: Mapping[str, int]) -> Step:
        return cls(StepKind.FIXED, parts)

    @classmethod
    def shares(
        cls, parts: Mapping[str, Weight], nested: Mapping[str, Sequence[Step]] | None = None
    ) -> Step:
        return cls(StepKind.SHARES, parts, nested or {})

    @classmethod
    def population(
        cls, parts: Mapping[str, int], nested: Mapping[str, Sequence[Step]] | None = None
    ) -> Step:
        return cls(StepKind.POPULATION, parts, nested or {})


@dataclass(frozen=True)
class Part:
    """What one recipient got from one step. `within` is the path of recipients whose amount
    was split (empty at the top); a part that was split further has `split_further`."""

    recipient: str
    amount: int
    exact: Fraction
    weight: Fraction
    step: int
    kind: StepKind
    within: tuple[str, ...] = ()
    split_further: bool = False


@dataclass(frozen=True)
class StepTrace:
    step: int
    kind: StepKind
    within: tuple[str, ...]
    available: int
    distributed: int

    @property
    def remaining(self) -> int:
        return self.available - self.distributed


@dataclass(frozen=True)
class RecipientSummary:
    """Fixed kronor, and the exact and rounded share by the key (None: not in a share step)."""

    recipient: str
    fixed: int
    exact: Fraction | None
    rounded: int | None

    @property
    def amount(self) -> int:
        return self.fixed + (self.rounded or 0)


@dataclass(frozen=True)
class KeyResult:
    """Every part with the step that gave it, and every step's trace. `amounts` adds up each
    final recipient's parts (a recipient may get a fixed part and a share)."""

    total: int
    parts: tuple[Part, ...]
    steps: tuple[StepTrace, ...]

    @property
    def final_parts(self) -> list[Part]:
        return [part for part in self.parts if not part.split_further]

    @property
    def amounts(self) -> dict[str, int]:
        amounts: dict[str, int] = {}
        for part in self.final_parts:
            amounts[part.recipient] = amounts.get(part.recipient, 0) + part.amount
        return amounts

    def summary(self) -> list[RecipientSummary]:
        """Per final recipient: fixed kronor, exact share by the key, rounded share."""
        rows: dict[str, list] = {}
        for part in self.final_parts:
            row = rows.setdefault(part.recipient, [0, None, None])
            if part.kind == StepKind.FIXED:
                row[0] += part.amount
            else:
                row[1] = (row[1] or 0) + part.exact
                row[2] = (row[2] or 0) + part.amount
        return [RecipientSummary(name, *values) for name, values in rows.items()]

    def summary_total(self) -> RecipientSummary:
        rows = self.summary()
        return RecipientSummary(
            "",
            sum(row.fixed for row in rows),
            sum((row.exact or 0 for row in rows), Fraction(0)),
            sum(row.rounded or 0 for row in rows),
        )


def apply_key(total: int, steps: Sequence[Step]) -> KeyResult:
    """Apply `steps` in order to `total` kronor. Every krona is given to someone: the final
    parts add up to `total`, or `DistributionError` says why the key cannot be applied."""
    parts: list[Part] = []
    traces: list[StepTrace] = []
    _apply(total, steps, (), parts, traces)
    result = KeyResult(total, tuple(parts), tuple(traces))
    if sum(result.amounts.values()) != total:  # pragma: no cover - guarded by construction
        raise AssertionError("A key lost or invented a krona.")
    return result


def _apply(
    total: int,
    steps: Sequence[Step],
    within: tuple[str, ...],
    parts: list[Part],
    traces: list[StepTrace],
) -> None:
    if total < 0:
        raise DistributionError(
            f"Cannot distribute a negative total ({total}).", code="negative_total", total=total
        )
    if not steps:
        raise DistributionError("A key needs at least one step.", code="no_steps")
    remaining = total
    for number, step in enumerate(steps, start=1):
        _check_recipients(step)
        given = _step_amounts(remaining, step, number)
        exact = _step_exact(remaining, step)
        for recipient, amount in given.items():
            nested = step.nested.get(recipient)
            parts.append(
                Part(
                    recipient,
                    amount,
                    exact[recipient],
                    _as_fraction(step.parts[recipient]),
                    number,
                    step.kind,
                    within,
                    split_further=bool(nested),
                )
            )
            if nested:
                _apply(amount, nested, (*within, recipient), parts, traces)
        distributed = sum(given.values())
        traces.append(StepTrace(number, step.kind, within, remaining, distributed))
        remaining -= distributed
    if remaining:
        raise DistributionError(
            f"The key leaves {remaining} kr undistributed; end it with shares that add up "
            "to 1 or with population.",
            code="undistributed",
            remaining=remaining,
        )


def _check_recipients(step: Step) -> None:
    if not step.parts:
        raise DistributionError("A step needs at least one recipient.", code="no_recipients")
    if any(not isinstance(key, str) or not key.strip() for key in step.parts):
        raise DistributionError("Every recipient needs a name.", code="unnamed_recipient")
    unknown = set(step.nested) - set(step.parts)
    if unknown:
        raise DistributionError(
            f"A nested split names recipients outside its step: {', '.join(sorted(unknown))}.",
            code="nested_unknown",
        )
    if step.kind == StepKind.FIXED and step.nested:
        raise DistributionError("Fixed parts are not split further.", code="nested_fixed")


def _step_amounts(remaining: int, step: Step, number: int) -> dict[str, int]:
    if step.kind == StepKind.FIXED:
        amounts = {key: _whole_kronor(value) for key, value in step.parts.items()}
        fixed = sum(amounts.values())
        if fixed > remaining:
            raise DistributionError(
                f"Step {number}: the fixed parts ({fixed} kr) are more than the {remaining} kr "
                "that remain.",
                code="fixed_exceeds",
                step=number,
                fixed=fixed,
                available=remaining,
            )
        return amounts
    if step.kind == StepKind.SHARES:
        shares = {key: _as_fraction(value) for key, value in step.parts.items()}
        whole = sum(shares.values(), Fraction(0))
        if any(share <= 0 for share in shares.values()) or whole > 1:
            raise DistributionError(
                f"Step {number}: shares must be above zero and add up to at most 1 (not {whole}).",
                code="shares_sum",
                step=number,
                sum=whole,
            )
        weights: dict[str, Weight] = dict(shares)
        if whole < 1:
            weights[_REST] = 1 - whole
        amounts = split_largest_remainder(remaining, weights)
        amounts.pop(_REST, None)
        return amounts
    if step.kind == StepKind.POPULATION:
        if any(isinstance(v, bool) or not isinstance(v, int) for v in step.parts.values()):
            raise DistributionError("Populations are whole numbers.", code="population_type")
        return split_largest_remainder(remaining, step.parts)
    raise DistributionError(f"Unknown kind of step: {step.kind!r}.", code="unknown_kind")


def _step_exact(remaining: int, step: Step) -> dict[str, Fraction]:
    if step.kind == StepKind.FIXED:
        return {key: Fraction(value) for key, value in step.parts.items()}
    if step.kind == StepKind.SHARES:
        return {key: remaining * _as_fraction(value) for key, value in step.parts.items()}
    return exact_shares(remaining, step.parts)


def _whole_kronor(value: Weight) -> int:
    if isinstance(value, bool) or Fraction(value).denominator != 1 or value < 0:
        raise DistributionError(
            f"Fixed parts are whole, non-negative kronor (not {value}).", code="fixed_not_whole"
        )
    return int(value)


# --- JSON ------------------------------------------------------------------------------------


def steps_to_json(steps: Sequence[Step]) -> list[dict]:
    """The documented JSON shape of a key (see the module docstring)."""
    rows = []
    for step in steps:
        row: dict = {"kind": str(step.kind), "parts": {}}
        for key, value in step.parts.items():
            row["parts"][key] = str(Fraction(value)) if step.kind == StepKind.SHARES else value
        if step.nested:
            row["nested"] = {key: steps_to_json(sub) for key, sub in step.nested.items()}
        rows.append(row)
    return rows


def steps_from_json(data: object) -> list[Step]:
    """Read a key stored by `steps_to_json`; `DistributionError` on anything else."""
    if not isinstance(data, list):
        raise DistributionError("A key is a list of steps.", code="json_shape")
    steps = []
    for number, row in enumerate(data, start=1):
        if not isinstance(row, dict) or not isinstance(row.get("parts"), dict):
            raise DistributionError(
                f"Step {number} needs a kind and parts.", code="json_shape", step=number
            )
        try:
            kind = StepKind(row.get("kind"))
        except ValueError as exc:
            raise DistributionError(
                f"Step {number}: unknown kind {row.get('kind')!r}.", code="unknown_kind"
            ) from exc
        parts = {key: _json_value(kind, value, number) for key, value in row["parts"].items()}
        nested_data = row.get("nested") or {}
        if not isinstance(nested_data, dict):
            raise DistributionError(
                f"Step {number}: nested splits are a mapping.", code="json_shape", step=number
            )
        nested = {key: steps_from_json(sub) for key, sub in nested_data.items()}
        steps.append(Step(kind, parts, nested))
    return steps


def _json_value(kind: StepKind, value: object, number: int) -> Weight:
    if kind == StepKind.SHARES and isinstance(value, str | int) and not isinstance(value, bool):
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError):
            pass
    elif kind != StepKind.SHARES and isinstance(value, int) and not isinstance(value, bool):
        return value
    raise DistributionError(
        f"Step {number}: {value!r} is not a valid {kind}.", code="json_value", step=number
    )
