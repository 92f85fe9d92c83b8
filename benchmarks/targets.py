"""What the benchmarks measure in the generated data set: the pages with who views them and
the reminder scan. Shared with tests/perf (the same pages)."""

import datetime
import resource
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.urls import NoReverseMatch, reverse

from allocations.models import Agreement, County, Membership, Role
from applications.models import Application, Decision, DecisionMeeting, MeetingState, Status

SCAN_DAY = (12, 1)  # the scan runs on 1 December: 30 days before every report back


def login(email: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=email))
    return client


def busiest_applicant(county: County) -> str:
    """The applicant log-in of the county's organisation with the most applications."""
    org_id = (
        Application.objects.filter(county=county)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation_id")
        .values_list("organisation_id", flat=True)
        .first()
    )
    membership = (
        Membership.objects.filter(role=Role.APPLICANT, organisation_id=org_id)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user.username


def page_urls(*, county: County, agreement: Agreement) -> list[tuple[str, str, str | None]]:
    """(page, who, url or None when the page is not available) of the six measured pages."""
    meeting = (
        DecisionMeeting.objects.filter(county=county, agreement=agreement, state=MeetingState.OPEN)
        .order_by("-held_on")
        .first()
    )
    applicant = busiest_applicant(county)
    application = (
        Application.objects.filter(county=county, call__agreement=agreement, status=Status.APPROVED)
        .order_by("case_number")
        .first()
    )
    coordinator = f"samordnare@{county.slug}.demo"

    def url(name: str, **kwargs) -> str | None:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            return None

    return [
        (
            "budget (coordinator)",
            coordinator,
            url("allocations:budget", slug=county.slug, year=agreement.year),
        ),
        (
            "review overview",
            f"beredning1@{county.slug}.demo",
            url("applications:review_overview", slug=county.slug),
        ),
        (
            "decision meeting agenda",
            coordinator,
            meeting and url("applications:decision_meeting", slug=county.slug, pk=meeting.pk),
        ),
        ("my applications", applicant, url("applications:my_applications")),
        (
            "application detail",
            coordinator,
            application and url("applications:application_detail", pk=application.pk),
        ),
        (
            "status report",
            coordinator,
            url("allocations:status_report", slug=county.slug, year=agreement.year),
        ),
    ]


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def draft_saver(*, county_slug: str):
    """A callable that saves a draft of the county as its applicant's autosave writes it (the
    row and its history row, rolled back; the data set's drafts are in closed calls, which the
    service refuses), for an organisation other than the measured applicant's; None when
    the county has no draft."""
    county = County.objects.get(slug=county_slug)
    own = Membership.objects.get(user__username=busiest_applicant(county), role=Role.APPLICANT)
    draft = (
        Application.objects.filter(county=county, status=Status.DRAFT)
        .exclude(organisation_id=own.organisation_id)
        .select_related("created_by")
        .order_by("pk")
        .first()
    )
    if draft is None:
        return None
    count = [0]

    def save() -> None:
        count[0] += 1
        with rolled_back():
            application = Application.objects.select_for_update().get(pk=draft.pk)
            application.title = f"{draft.title} ({count[0]})"
            application._history_user = draft.created_by
            application.save(update_fields=["title", "updated_at"])

    return save


def pages(*, county_slug: str, missing: list) -> Iterator[tuple[str, Client, str]]:
    county = County.objects.get(slug=county_slug)
    agreement = Agreement.objects.order_by("-year").first()
    for name, who, url in page_urls(county=county, agreement=agreement):
        if url is None:
            missing.append((name, "no such URL in this version"))
            continue
        yield f"{name}", login(who), url


def data_size() -> str:
    from applications.models import Assessment, Grant
    from reporting.models.deadlines import Deadline

    return (
        f"Data: {County.objects.count()} counties, {Agreement.objects.count()} agreement years, "
        f"{Application.objects.count()} applications, {Assessment.objects.count()} "
        f"assessments, {Decision.objects.count()} decisions, {Grant.objects.count()} grants, "
        f"{Deadline.objects.count()} deadlines"
    )


def _peak(fn) -> tuple[float, float, float, object]:
    """Seconds, peak Python allocation (MiB, tracemalloc) and the process's peak RSS (MiB).
    Timed in a run of its own: tracemalloc slows Python code two- to threefold."""
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return elapsed, peak / 2**20, rss, result


def reminder_scan(*, county_slug: str) -> list[str]:
    """The daily reminder scan over the whole data set as on 1 December (rolled back)."""
    agreement = Agreement.objects.order_by("-year").first()
    try:
        from reporting.deadlines.reminders import reminders_scan
    except ImportError:
        return ["  reminder scan: not available in this version"]
    today = datetime.date(agreement.year, *SCAN_DAY)

    class Rollback(Exception):
        pass

    def scan():
        try:
            with transaction.atomic():
                sent = reminders_scan(today=today)
                raise Rollback(sent)
        except Rollback as done:
            return done.args[0]

    seconds, py_peak, _rss, sent = _peak(scan)
    ok = "met" if seconds <= 5 else "NOT MET"
    return [
        f"  reminder scan as on {today:%Y-%m-%d}: {sent} reminders in {seconds:.2f} s, "
        f"peak Python memory {py_peak:.0f} MiB (rolled back; goal ≤ 5 s: {ok})"
    ]
