from .agreement import Agreement, FocusArea, FocusAreaCondition, SubArea
from .allocation import CountyAllocation, CountyYearTotal
from .county import County, Organisation, OrganisationKind
from .criteria import PriorityCriterion
from .distribution import DistributionKey, DistributionResultLine
from .membership import Membership, Role

__all__ = [
    "Agreement",
    "County",
    "CountyAllocation",
    "CountyYearTotal",
    "DistributionKey",
    "DistributionResultLine",
    "FocusArea",
    "FocusAreaCondition",
    "Membership",
    "Organisation",
    "OrganisationKind",
    "PriorityCriterion",
    "Role",
    "SubArea",
]
