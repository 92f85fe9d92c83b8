"""The checklist of an opened county year: per item done or needing attention, a sentence,
and where it is fixed. Read in a fixed number of queries whatever the number of calls,
keys, members and deadlines (see `county_year_checklist`)."""

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    CountyYear,
    DistributionKey,
    ForumFunction,
    Membership,
    PriorityCriterion,
    Role,
)
from allocations.money import format_kronor
from applications.models import Call
from reporting.models import Deadline, DeadlineKind

# Items the data cannot tell about: the coordinator confirms them.
CHECKLIST_CONFIRMABLE = ("bodies", "distribution_keys", "need_areas")


@dataclass
class ChecklistItem:
    key: str
    title: str
    done: bool
    sentence: str
    link: str
    link_text: str
    confirmable: bool = False
    confirmed: bool = False
    details: list = field(default_factory=list)

    @property
    def is_done(self) -> bool:
        return self.done or self.confirmed


@dataclass
class Checklist:
    county: County
    agreement: Agreement
    county_year: CountyYear | None
    items: list[ChecklistItem]
    drafts: list[Call]

    @property
    def attention(self) -> int:
        return sum(1 for item in self.items if not item.is_done)


def county_year_get(*, county: County, agreement: Agreement) -> CountyYear | None:
    return (
        CountyYear.objects.filter(county=county, agreement=agreement)
        .select_related("copied_from", "opened_by")
        .first()
    )


def county_year_checklist(
    *, county: County, agreement: Agreement, county_year: CountyYear | None
) -> Checklist:
    """Seven queries: allocations, criteria, keys, calls, members, deadlines, and none more
    for more of any of them."""
    confirmed = set(county_year.confirmed_items) if county_year else set()
    slug, year = county.slug, agreement.year
    items = [
        _allocations(county, agreement),
        _bodies(county, agreement),
        _criteria(county, agreement),
        _keys(county, agreement),
    ]
    calls = list(
        Call.objects.filter(county=county, agreement=agreement)
        .annotate(need_area_count=Count("need_areas"))
        .order_by("closes_at", "pk")
    )
    items.append(_calls(calls, slug, year))
    items.append(_need_areas(calls, slug, year))
    items.extend(_members(county))
    items.append(_deadlines(county, agreement))
    for item in items:
        item.confirmable = item.key in CHECKLIST_CONFIRMABLE and not item.done
        item.confirmed = item.confirmable and item.key in confirmed
    drafts = [c for c in calls if c.is_draft]
    return Checklist(county, agreement, county_year, items, drafts)


def _allocations(county: County, agreement: Agreement) -> ChecklistItem:
    found = CountyAllocation.objects.filter(
        county=county, focus_area__agreement=agreement
    ).aggregate(total=Sum("amount"), areas=Count("pk"))
    total, areas = found["total"] or 0, found["areas"]
    if areas:
        sentence = ngettext(
            "The national import gives the county %(total)s in %(count)s focus area.",
            "The national import gives the county %(total)s in %(count)s focus areas.",
            areas,
        ) % {"total": format_kronor(total), "count": areas}
    else:
        sentence = _(
            "No allocations for %(year)s have been imported yet: the national "
            "administrators import them from SKR's figures."
        ) % {"year": agreement.year}
    return ChecklistItem(
        "allocations",
        _("Allocations"),
        bool(areas),
        sentence,
        reverse("allocations:county_overview", args=[county.slug, agreement.year]),
        _("See the allocations"),
    )


def _bodies(county: County, agreement: Agreement) -> ChecklistItem:
    try:
        example = county.format_case_number(year=agreement.year, number=1)
    except (KeyError, ValueError, IndexError):
        example = county.case_number_format
    sentence = _(
        "Review step: %(review)s. Decision step: %(decision)s. Case numbers such as "
        "%(example)s. Check them below and save."
    ) % {
        "review": county.review_body_name or "–",
        "decision": county.decision_body_name or "–",
        "example": example,
    }
    return ChecklistItem(
        "bodies",
        _("Names of the steps and case numbers"),
        False,
        sentence,
        "#bodies-form",
        _("Edit the names"),
    )


def _criteria(county: County, agreement: Agreement) -> ChecklistItem:
    weights = list(
        PriorityCriterion.objects.filter(county=county, agreement=agreement)
        .order_by("rank")
        .values_list("weight", flat=True)
    )
    if weights:
        sentence = ngettext(
            "%(count)s priority criterion, weight %(weights)s.",
            "%(count)s priority criteria, weights %(weights)s (in rank order).",
            len(weights),
        ) % {"count": len(weights), "weights": ", ".join(str(w) for w in weights)}
    else:
        sentence = _("The county has no priority criteria for %(year)s yet.") % {
            "year": agreement.year
        }
    return ChecklistItem(
        "criteria",
        _("Priority criteria"),
        bool(weights),
        sentence,
        reverse("allocations:criteria", args=[county.slug, agreement.year]),
        _("Edit the criteria"),
    )


def _keys(county: County, agreement: Agreement) -> ChecklistItem:
    keys = list(
        DistributionKey.objects.filter(county=county, agreement=agreement).values_list(
            "name", "result_saved_at"
        )
    )
    saved = sum(1 for _name, at in keys if at is not None)
    if keys:
        sentence = ngettext(
            "%(count)s distribution key, %(saved)s with its result saved.",
            "%(count)s distribution keys, %(saved)s with their results saved.",
            len(keys),
        ) % {"count": len(keys), "saved": saved}
    else:
        sentence = _(
            "No distribution key for %(year)s. Confirm if the county splits no amount by a key."
        ) % {"year": agreement.year}
    return ChecklistItem(
        "distribution_keys",
        _("Distribution keys"),
        bool(keys) and saved == len(keys),
        sentence,
        reverse("allocations:distribution", args=[county.slug]),
        _("Go to the distribution keys"),
        details=[name for name, at in keys if at is None],
    )


def _calls(calls: list[Call], slug: str, year: int) -> ChecklistItem:
    drafts = [c for c in calls if c.is_draft]
    published = len(calls) - len(drafts)
    now = timezone.now()
    closed_drafts = [c for c in drafts if c.closes_at <= now]
    if not calls:
        sentence = _("The county has no call for %(year)s yet.") % {"year": year}
    else:
        sentence = _("%(published)s published, %(drafts)s drafts to review and publish.") % {
            "published": published,
            "drafts": len(drafts),
        }
        if closed_drafts:
            sentence += " " + ngettext(
                "%(count)s draft has a closing time that has passed: change it first.",
                "%(count)s drafts have a closing time that has passed: change them first.",
                len(closed_drafts),
            ) % {"count": len(closed_drafts)}
    return ChecklistItem(
        "calls",
        _("Calls"),
        bool(calls) and not drafts,
        sentence,
        reverse("applications:county_applications", args=[slug]),
        _("Go to the calls"),
    )


def _need_areas(calls: list[Call], slug: str, year: int) -> ChecklistItem:
    count = sum(c.need_area_count for c in calls)
    if count:
        sentence = ngettext(
            "%(count)s need area in the year's calls.",
            "%(count)s need areas in the year's calls.",
            count,
        ) % {"count": count}
    else:
        sentence = _(
            "The year's calls name no need areas. Add them in a call, or confirm that the "
            "county names none."
        )
    return ChecklistItem(
        "need_areas",
        _("Need areas"),
        bool(count),
        sentence,
        reverse("applications:county_applications", args=[slug]),
        _("Go to the calls"),
    )


def _members(county: County) -> list[ChecklistItem]:
    rows = list(
        Membership.objects.filter(county=county, role__in=[Role.REVIEWER, Role.FORUM]).values_list(
            "role", "forum_function"
        )
    )
    reviewers = sum(1 for role, _f in rows if role == Role.REVIEWER)
    forum = sum(1 for role, _f in rows if role == Role.FORUM)
    chair = any(role == Role.FORUM and f == ForumFunction.CHAIR for role, f in rows)
    people = reverse("county_people", args=[county.slug])
    review_sentence = ngettext(
        "%(count)s member of %(body)s holds a role.",
        "%(count)s members of %(body)s hold a role.",
        reviewers,
    ) % {"count": reviewers, "body": county.review_body_name or _("the review group")}
    forum_sentence = ngettext(
        "%(count)s member of %(body)s holds a role.",
        "%(count)s members of %(body)s hold a role.",
        forum,
    ) % {"count": forum, "body": county.decision_body_name or _("the decision forum")}
    if forum:
        forum_sentence += " " + (
            _("The chair is named.") if chair else _("No chair is named among them.")
        )
    return [
        ChecklistItem(
            "review_group",
            _("Review group"),
            reviewers > 0,
            review_sentence,
            people,
            _("Go to the people of the county"),
        ),
        ChecklistItem(
            "decision_forum",
            _("Decision forum"),
            forum > 0 and chair,
            forum_sentence,
            people,
            _("Go to the people of the county"),
        ),
    ]


def _deadlines(county: County, agreement: Agreement) -> ChecklistItem:
    deadlines = list(
        Deadline.objects.filter(county=county, agreement=agreement, grant=None).order_by(
            "due_on", "pk"
        )
    )
    kinds = {d.kind for d in deadlines}
    needed = {DeadlineKind.REQUISITION, DeadlineKind.REPAYMENT}
    if needed <= kinds:
        sentence = ngettext(
            "%(count)s deadline for the year.", "%(count)s deadlines for the year.", len(deadlines)
        ) % {"count": len(deadlines)}
    else:
        sentence = _("The requisition and repayment deadlines are missing: open the year.")
    return ChecklistItem(
        "deadlines",
        _("Deadlines"),
        needed <= kinds,
        sentence,
        reverse("reporting:deadlines", args=[county.slug]),
        _("Go to the deadlines"),
        details=deadlines,
    )
