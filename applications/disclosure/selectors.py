"""Reads of requests for public records: the county's overview, one request with its
records and maskings, the cases a registration names."""

import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from allocations.models import County
from applications.disclosure.records import CaseRecord, RecordPart, gather, mask
from applications.models import Application, DisclosureRequest, Masking, SecrecyGround

# Case numbers are written one per line or separated by commas, semicolons or spaces.
CASE_NUMBER_SEPARATORS = re.compile(r"[\s,;]+")
# A request should be handled promptly (skyndsamt): one older than this is shown as late.
PROMPT_DAYS = 2


def case_numbers_parse(text: str) -> list[str]:
    return list(dict.fromkeys(n for n in CASE_NUMBER_SEPARATORS.split(text or "") if n))


def registered_cases(*, county: County) -> QuerySet[Application]:
    """The county's applications that are public records: those received and registered
    (given a case number); a draft is the applicant's own."""
    return Application.objects.filter(county=county, case_number__isnull=False)


def cases_by_number(*, county: County, numbers: list[str]) -> dict[str, Application]:
    found = registered_cases(county=county).filter(case_number__in=numbers)
    return {a.case_number: a for a in found}


def cases_matching(*, county: County, text: str) -> list[Application]:
    text = text.strip()
    if not text:
        return []
    return list(
        registered_cases(county=county).filter(
            Q(title__icontains=text) | Q(description__icontains=text) | Q(purpose__icontains=text)
        )
    )


@dataclass(frozen=True)
class RequestRow:
    request: DisclosureRequest
    cases: int

    @property
    def is_late(self) -> bool:
        return not self.request.is_closed and self.request.age_days > PROMPT_DAYS


def requests_of_county(*, county: County) -> list[RequestRow]:
    """The county's requests, newest first, with their number of cases: one query."""
    rows = (
        DisclosureRequest.objects.filter(county=county)
        .annotate(case_count=Count("applications"))
        .order_by("-received_on", "-pk")
    )
    return [RequestRow(request=r, cases=r.case_count) for r in rows]


def request_get(*, county: County, pk: int) -> DisclosureRequest:
    found = (
        DisclosureRequest.objects.filter(county=county, pk=pk)
        .select_related("county__administering_organisation", "registered_by", "delivered_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


def request_maskings(*, request: DisclosureRequest) -> list[Masking]:
    return list(request.maskings.select_related("ground", "created_by").order_by("pk"))


def request_records(*, request: DisclosureRequest, maskings: list[Masking]) -> list[CaseRecord]:
    """The request's cases with their records, masked as the maskings say."""
    cases = list(request.applications.select_related("organisation"))
    return mask(gather(cases), maskings)


def maskable_parts(records: list[CaseRecord]) -> list[RecordPart]:
    """The parts a masking may name: those with any text."""
    return [part for record in records for part in record.parts if part.text.strip()]


@dataclass(frozen=True)
class RequestReview:
    """One request as its page shows it: the records as they would be delivered, the parts
    that may be masked, and the maskings each labelled with the part they withhold."""

    records: list[CaseRecord]
    parts: list[RecordPart]
    maskings: list[Masking]


def request_review(*, request: DisclosureRequest) -> RequestReview:
    maskings = request_maskings(request=request)
    records = request_records(request=request, maskings=maskings)
    labels = {part.key: part.label_with_case for record in records for part in record.parts}
    for masking in maskings:
        masking.part_label = labels.get(masking.part, masking.part)
    return RequestReview(records=records, parts=maskable_parts(records), maskings=maskings)


def request_events(*, request: DisclosureRequest):
    return request.events.select_related("by").order_by("at", "pk")


def grounds_in_use() -> QuerySet[SecrecyGround]:
    return SecrecyGround.objects.filter(active=True).order_by("code")


def grounds_listed() -> QuerySet[SecrecyGround]:
    """Every ground, those in use first, with how many maskings name each: one query."""
    return SecrecyGround.objects.annotate(masking_count=Count("maskings")).order_by(
        "-active", "code"
    )


def ground_get(*, pk: int) -> SecrecyGround:
    return get_object_or_404(SecrecyGround, pk=pk)
