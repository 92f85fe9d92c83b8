from . import audit  # noqa: F401 - registers the users' history
from .agreement import Agreement, FocusArea, FocusAreaCondition, SubArea
from .allocation import CountyAllocation, CountyYearTotal
from .county import County, Organisation, OrganisationKind
from .criteria import PriorityCriterion
from .distribution import DistributionKey, DistributionResultLine
from .followup import (
    REPORT_TRANSITIONS,
    GrantReport,
    GrantReportAttachment,
    GrantReportLine,
    GrantStatusOption,
    GrantUsage,
    Repayment,
    ReportState,
    Requisition,
    UsageKind,
)
from .membership import Membership, Role
from .reallocation import Reallocation

__all__ = [
    "REPORT_TRANSITIONS",
    "Agreement",
    "County",
    "CountyAllocation",
    "CountyYearTotal",
    "DistributionKey",
    "DistributionResultLine",
    "FocusArea",
    "FocusAreaCondition",
    "GrantReport",
    "GrantReportAttachment",
    "GrantReportLine",
    "GrantStatusOption",
    "GrantUsage",
    "Membership",
    "Organisation",
    "OrganisationKind",
    "PriorityCriterion",
    "Reallocation",
    "Repayment",
    "ReportState",
    "Requisition",
    "Role",
    "SubArea",
    "UsageKind",
]
