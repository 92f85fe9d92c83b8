"""One measured page or request, as the benchmarks print it."""

import statistics
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    median_ms: float
    p95_ms: float
    queries: int
    size: int
    floor_ms: float | None = None
    cold_ms: float = 0.0
    cold_queries: int = 0
    draft_ms: float = 0.0  # the first request after an applicant's draft of the county is saved
    status: int = 200
    error: str = ""

    @property
    def ratio(self) -> float | None:
        return self.median_ms / self.floor_ms if self.floor_ms else None


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]
