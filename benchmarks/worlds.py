"""What the builders of the data set pass each other: a county and a year, read once."""

from dataclasses import dataclass, field

from allocations.models import (
    Agreement,
    County,
    FocusArea,
    GrantStatusOption,
    Organisation,
    PriorityCriterion,
    SubArea,
)
from applications.models import RejectionReason


@dataclass
class CountyWorld:
    """What the per-year builder needs of a county, read once."""

    county: County
    organisations: list[Organisation]
    coordinator: object
    reviewers: list
    forum: list
    status_options: list[GrantStatusOption]
    reasons: list[RejectionReason]


@dataclass
class YearWorld:
    agreement: Agreement
    areas: list[FocusArea]
    subs: dict[int, list[SubArea | None]]
    allocations: dict[tuple[int, int], int] = field(default_factory=dict)
    criteria: dict[int, list[PriorityCriterion]] = field(default_factory=dict)
