"""Reading adoption cases: a member's own, a meeting's overview, and what is still pending
when the county requisitions."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from allocations.models import Agreement, County, Membership, Role
from applications.adoptions.permissions import may_prepare
from applications.models import Adoption, AdoptionOutcome, DecisionMeeting

User = AbstractBaseUser | AnonymousUser

_RELATED = ("meeting__county", "meeting__agreement", "member", "recorded_by")


def adoption_for_user(*, user: User, pk: int) -> Adoption:
    """The adoption case, for the member's adopters and the county's coordinators; 404 for
    everyone else, so its existence is not revealed."""
    adoption = Adoption.objects.select_related(*_RELATED).filter(pk=pk).first()
    if adoption is None or not may_prepare(user, adoption):
        raise Http404
    return adoption


def adoptions_of_user(*, user: User) -> list[Adoption]:
    """The adoption cases of the members the user records adoptions for, newest first."""
    if not user.is_authenticated:
        return []
    members = Membership.objects.filter(user=user, role=Role.ADOPTER).values("organisation_id")
    return list(
        Adoption.objects.filter(member_id__in=members)
        .select_related(*_RELATED)
        .order_by("-meeting__held_on", "member__name")
    )


@dataclass
class MeetingAdoptions:
    meeting: DecisionMeeting
    rows: list[Adoption]
    counts: dict[str, int] = field(default_factory=dict)
    overdue: int = 0

    @property
    def pending(self) -> int:
        return self.counts.get(AdoptionOutcome.PENDING, 0)

    @property
    def adopted(self) -> int:
        return self.counts.get(AdoptionOutcome.ADOPTED, 0) + self.counts.get(
            AdoptionOutcome.ADOPTED_WITH_CHANGES, 0
        )

    @property
    def not_adopted(self) -> int:
        return self.counts.get(AdoptionOutcome.NOT_ADOPTED, 0)


def meeting_adoptions(*, meeting: DecisionMeeting) -> MeetingAdoptions:
    """Every member's adoption of the meeting's recommendation, with the counts per outcome."""
    rows = list(meeting.adoptions.select_related("member", "recorded_by").order_by("member__name"))
    overview = MeetingAdoptions(meeting=meeting, rows=rows)
    for adoption in rows:
        overview.counts[adoption.outcome] = overview.counts.get(adoption.outcome, 0) + 1
        overview.overdue += adoption.is_overdue
    return overview


def pending_adoptions(*, county: County, agreement: Agreement) -> list[Adoption]:
    """The members that have not yet adopted a recommendation of the year: the county may
    not requisition or pay their share before they have."""
    return list(
        Adoption.objects.filter(
            meeting__county=county,
            meeting__agreement=agreement,
            outcome=AdoptionOutcome.PENDING,
        )
        .select_related("meeting", "member")
        .order_by("due_on", "member__name")
    )
