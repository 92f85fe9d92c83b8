from .agreement import Agreement, FocusArea, FocusAreaCondition, SubArea
from .allocation import CountyAllocation
from .county import County, Organisation, OrganisationKind
from .criteria import PriorityCriterion
from .membership import Membership, Role

__all__ = [
    "Agreement",
    "County",
    "CountyAllocation",
    "FocusArea",
    "FocusAreaCondition",
    "Membership",
    "Organisation",
    "OrganisationKind",
    "PriorityCriterion",
    "Role",
    "SubArea",
]
