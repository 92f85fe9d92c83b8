"""Reads for calls and applications, with their query shapes fixed here."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from allocations.models import County, Membership, Role
from applications.applying.permissions import applicant_organisation_ids, may_view
from applications.models import Application, Call, NeedArea, Status, StatusChange

User = AbstractBaseUser | AnonymousUser


def calls_open_for_applicant(*, user: User) -> QuerySet[Call]:
    """Open, published calls in the counties where the user applies for an organisation
    (a draft is the coordinator's until it is published)."""
    now = timezone.now()
    counties = Membership.objects.filter(user=user, role=Role.APPLICANT).values("county_id")
    return (
        Call.objects.filter(
            county__in=counties, opens_at__lte=now, closes_at__gt=now, is_draft=False
        )
        .select_related("county", "agreement")
        .prefetch_related("focus_areas")
        .order_by("closes_at")
    )


def coordinators_to_ask(*, user: User) -> QuerySet[Membership]:
    """The coordinators of the counties where the user holds a role (whom to ask to be
    registered for an organisation); nothing of any other county."""
    counties = Membership.objects.filter(user=user).values("county_id")
    return (
        Membership.objects.filter(county__in=counties, role=Role.COORDINATOR)
        .select_related("county", "user")
        .order_by("county__name", "user__email")
    )


def calls_of_county(*, county: County, with_drafts: bool = False) -> QuerySet[Call]:
    """The county's calls, newest first; drafts only `with_drafts` (for its coordinators)."""
    calls = Call.objects.filter(county=county)
    if not with_drafts:
        calls = calls.filter(is_draft=False)
    return calls.select_related("agreement").prefetch_related("focus_areas").order_by("-closes_at")


def call_for_applicant(*, user: User, pk: int) -> Call:
    call = calls_open_for_applicant(user=user).filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def call_with_details(*, call: Call) -> Call:
    return (
        Call.objects.filter(pk=call.pk)
        .select_related("county", "agreement")
        .prefetch_related(
            "focus_areas",
            "sub_areas",
            Prefetch("need_areas", queryset=NeedArea.objects.select_related("focus_area")),
            "county__criteria",
        )
        .get()
    )


def applications_of_user(*, user: User) -> QuerySet[Application]:
    """Every application of the organisations the user applies for."""
    return (
        Application.objects.filter(organisation_id__in=applicant_organisation_ids(user))
        .select_related("organisation", "call", "focus_area")
        .order_by("-updated_at")
    )


def applications_of_county(*, county: County) -> QuerySet[Application]:
    """Submitted applications of a county, for its coordinator, review group and forum."""
    return (
        Application.objects.filter(county=county)
        .exclude(status=Status.DRAFT)
        .select_related("organisation", "call", "focus_area")
        .order_by("case_number")
    )


def application_row_for_user(*, user: User, pk: int, allow=may_view) -> Application:
    """The application's own row (with its county, call, organisation and areas), or 404
    when `allow(user, application)` (by default: may the user read it) says no."""
    application = (
        Application.objects.select_related(
            "county", "call__agreement", "organisation", "focus_area", "sub_area", "created_by"
        )
        .filter(pk=pk)
        .first()
    )
    if application is None or not allow(user, application):
        raise Http404
    return application


# What an application's pages show of it besides its own row.
APPLICATION_CONTENT = (
    "budget_lines",
    "attachments",
    "cooperating_organisations",
    Prefetch("history", queryset=StatusChange.objects.select_related("by")),
    "completion_requests",
)


def application_with_content(application: Application) -> Application:
    """The application with its lines, attachments, parties, history and completion requests
    read (one query each)."""
    prefetch_related_objects([application], *APPLICATION_CONTENT)
    return application


def application_for_user(*, user: User, pk: int, allow=may_view) -> Application:
    """The application with what its pages show (lines, attachments, history, versions …),
    or 404 as `application_row_for_user`."""
    application = application_row_for_user(user=user, pk=pk, allow=allow)
    prefetch_related_objects([application], *APPLICATION_CONTENT, "versions")
    return application


@dataclass(frozen=True)
class ApplicantScope:
    """What an applicant's list of applications spans: their organisations, the calls open
    to them now, and the counties of both (the first is the page's county)."""

    organisation_ids: list[int]
    open_call_ids: list[int]
    county_ids: list[int]


def applicant_scope(*, user: User) -> ApplicantScope:
    organisations = list(
        Membership.objects.filter(user=user, role=Role.APPLICANT).values_list(
            "organisation_id", "organisation__county_id"
        )
    )
    # Which calls are open changes with the clock as well as with writes.
    calls = list(
        calls_open_for_applicant(user=user).prefetch_related(None).values_list("pk", "county_id")
    )
    # An application's county is its organisation's (application_start checks it).
    counties = {county for _org, county in organisations} | {county for _pk, county in calls}
    return ApplicantScope(
        organisation_ids=sorted(org for org, _county in organisations),
        open_call_ids=[pk for pk, _county in calls],
        county_ids=sorted(counties),
    )
