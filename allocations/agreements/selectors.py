"""Reads for the year's frame. Query counts are decided here, not in views."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, Max, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404

from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    CountyYear,
    FocusArea,
    Membership,
    NationalAdministrator,
    Role,
    active_role_q,
)


def agreement_latest() -> Agreement | None:
    return Agreement.objects.order_by("-year").first()


def agreement_get(*, year: int) -> Agreement:
    try:
        return Agreement.objects.get(year=year)
    except Agreement.DoesNotExist as exc:
        raise Http404 from exc


def county_allocation_totals(*, agreement: Agreement) -> list[tuple[County, int]]:
    rows = (
        CountyAllocation.objects.filter(focus_area__agreement=agreement)
        .values("county")
        .annotate(total=Sum("amount"))
    )
    totals = {row["county"]: row["total"] for row in rows}
    counties = County.objects.filter(pk__in=totals).order_by("name")
    return [(county, totals[county.pk]) for county in counties]


def memberships_for_user(*, user: AbstractBaseUser | AnonymousUser) -> list[Membership]:
    """The user's roles in counties; each also says whether the user is a national
    administrator today (`user_is_national`), which the navigation reads without a query."""
    if not user.is_authenticated:
        return []
    national = NationalAdministrator.objects.filter(user=OuterRef("user"))
    return list(
        Membership.objects.filter(user=user)
        .annotate(user_is_national=Exists(national))
        .select_related("county", "organisation")
        .order_by("county__name", "role")
    )


def counties_visible_to(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[County]:
    """A user sees the counties they hold a role in; a superuser sees all."""
    if not user.is_authenticated:
        return County.objects.none()
    if user.is_superuser:
        return County.objects.all()
    return County.objects.filter(active_role_q("memberships__"), memberships__user=user).distinct()


def county_for_user(*, user: AbstractBaseUser | AnonymousUser, slug: str) -> County:
    """The county, if the user may see it; otherwise 404 so its existence is not revealed."""
    county = (
        counties_visible_to(user=user)
        .select_related("administering_organisation")
        .filter(slug=slug)
        .first()
    )
    if county is None:
        raise Http404
    return county


@dataclass(frozen=True)
class AreaAllocation:
    focus_area: FocusArea
    amount: int | None


@dataclass(frozen=True)
class CountyOverview:
    county: County
    agreement: Agreement
    areas: list[AreaAllocation]
    total: int


def county_overview(*, county: County, agreement: Agreement) -> CountyOverview:
    """The agreement's focus areas with the county's allocation in each, and the total.

    Three queries whatever the number of areas: areas, their sub-areas, the allocations.
    """
    areas = list(
        FocusArea.objects.filter(agreement=agreement)
        .prefetch_related("sub_areas")
        .order_by("number")
    )
    amounts = dict(
        CountyAllocation.objects.filter(county=county, focus_area__agreement=agreement).values_list(
            "focus_area_id", "amount"
        )
    )
    rows = [AreaAllocation(area, amounts.get(area.pk)) for area in areas]
    return CountyOverview(county, agreement, rows, sum(amounts.values()))


def agreement_with_conditions(*, year: int) -> Agreement:
    agreement = agreement_get(year=year)
    areas = FocusArea.objects.order_by("number").prefetch_related("conditions", "sub_areas")
    return (
        Agreement.objects.filter(pk=agreement.pk)
        .prefetch_related(Prefetch("focus_areas", queryset=areas))
        .get()
    )


def county_for_coordinator(*, user: AbstractBaseUser | AnonymousUser, slug: str) -> County:
    """The county of `slug` for one of its coordinators; anyone else is refused (403), and
    a county the user has no part in is not found (404)."""
    county = county_for_user(user=user, slug=slug)
    if not user_has_role(user=user, county=county, roles={Role.COORDINATOR}):
        raise PermissionDenied
    return county


def user_has_role(
    *, user: AbstractBaseUser | AnonymousUser, county: County, roles: set[Role]
) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, county=county, role__in=roles).exists()


def is_national_administrator(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """A national administrator today (the superuser counts as one). Read once per request."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_national_administrator", None)
    if cached is None:
        cached = user._national_administrator = NationalAdministrator.objects.filter(
            user=user
        ).exists()
    return cached


def is_national_administrator_given(
    *, user: AbstractBaseUser | AnonymousUser, memberships: list[Membership]
) -> bool:
    """`is_national_administrator`, answered from `memberships_for_user`'s rows when the user
    has any (no query), else asked once."""
    if user.is_authenticated and not user.is_superuser and memberships:
        user._national_administrator = memberships[0].user_is_national
    return is_national_administrator(user=user)


def require_national_administrator(*, user: AbstractBaseUser | AnonymousUser) -> None:
    """Refuse (403) anyone who is not a national administrator today."""
    if not is_national_administrator(user=user):
        raise PermissionDenied


def years_to_open(*, county: County) -> list[Agreement]:
    """Agreement years the county has not opened, later than the latest year it opened or
    has calls in: what its coordinator is asked to open (one query)."""
    from applications.models import Call

    def latest(rows: QuerySet) -> Coalesce:
        year = rows.filter(county=county).order_by().values("county")
        return Coalesce(Subquery(year.annotate(m=Max("agreement__year")).values("m")), 0)

    return list(
        Agreement.objects.annotate(
            latest=Greatest(latest(CountyYear.objects.all()), latest(Call.objects.all()))
        )
        .filter(year__gt=F("latest"))
        .exclude(county_years__county=county)
        .order_by("year")
    )
