from allocations.models import audit  # noqa: F401 - registers the users' history
from allocations.models.agreement import Agreement, FocusArea, FocusAreaCondition, SubArea
from allocations.models.allocation import CountyAllocation, CountyYearTotal
from allocations.models.county import County, Organisation, OrganisationKind
from allocations.models.county_year import CountyYear
from allocations.models.criteria import PriorityCriterion
from allocations.models.distribution import DistributionKey, DistributionResultLine
from allocations.models.followup import (
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
from allocations.models.invitation import NATIONAL_ADMINISTRATOR, Invitation
from allocations.models.membership import (
    ForumFunction,
    Membership,
    NationalAdministrator,
    Role,
    active_role_q,
)
from allocations.models.reallocation import Reallocation
from allocations.models.registration import OrganisationRegistration, RegistrationState

__all__ = [
    "NATIONAL_ADMINISTRATOR",
    "REPORT_TRANSITIONS",
    "Agreement",
    "County",
    "CountyAllocation",
    "CountyYear",
    "CountyYearTotal",
    "DistributionKey",
    "DistributionResultLine",
    "FocusArea",
    "FocusAreaCondition",
    "ForumFunction",
    "GrantReport",
    "GrantReportAttachment",
    "GrantReportLine",
    "GrantStatusOption",
    "GrantUsage",
    "Invitation",
    "Membership",
    "NationalAdministrator",
    "Organisation",
    "OrganisationKind",
    "OrganisationRegistration",
    "PriorityCriterion",
    "Reallocation",
    "RegistrationState",
    "Repayment",
    "ReportState",
    "Requisition",
    "Role",
    "SubArea",
    "UsageKind",
    "active_role_q",
]
