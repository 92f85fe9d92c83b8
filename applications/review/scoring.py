"""How assessments turn into a priority category, scores and the group's consensus.

Pure functions on plain values, so the rules can be read and tested on their own.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from statistics import median_low

from applications.models import Met


def category_derive(rows: Iterable[tuple[int, str]]) -> int | None:
    """The highest-ranked criterion that is met (rank 1 = highest), from (rank, met) pairs.
    'Partly' does not count as met; no criterion met gives no category."""
    met = [rank for rank, answer in rows if answer == Met.YES]
    return min(met) if met else None


@dataclass(frozen=True)
class Score:
    total: int | None
    weighted: Fraction | None

    @property
    def weighted_display(self) -> str:
        return score_display(self.weighted)


def score_display(value: Fraction | None) -> str:
    """Whole numbers stay whole; otherwise one decimal rounded half up, Swedish style
    (4,3 for 4.25, where a float would give 4,2)."""
    if value is None:
        return "–"
    if value.denominator == 1:
        return str(value.numerator)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")


def score(rows: Iterable[tuple[int | None, int]]) -> Score:
    """Total and weighted mean of the quality scores, from (score, weight) pairs."""
    scored = [(s, w) for s, w in rows if s is not None]
    if not scored:
        return Score(None, None)
    total = sum(s for s, _ in scored)
    weights = sum(w for _, w in scored)
    weighted = Fraction(sum(s * w for s, w in scored), weights) if weights else None
    return Score(total, weighted)


SPREAD = 2


@dataclass(frozen=True)
class Consensus:
    category: int | None
    spread: bool
    count: int
    uncategorised: int


def consensus(categories: Sequence[int | None]) -> Consensus:
    """The median category of the submitted assessments (the lower one on a tie, i.e. the
    higher priority), and a spread flag when members differ by two categories or more.
    Assessments with no category are counted apart and do not pull the median."""
    known = sorted(c for c in categories if c is not None)
    if not known:
        return Consensus(None, False, len(categories), len(categories))
    return Consensus(
        category=median_low(known),
        spread=known[-1] - known[0] >= SPREAD,
        count=len(categories),
        uncategorised=len(categories) - len(known),
    )


def mean(values: Sequence[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None
