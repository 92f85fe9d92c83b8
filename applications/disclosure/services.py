"""Writes and moves of a request for public records. Every move is one function that
names the states it starts from (`REQUEST_TRANSITIONS`), runs atomically and appends to
the request's log; a delivered request is never changed again."""

import datetime
import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import County
from applications.disclosure.documents import masked_copy_pdf, withholding_decision_pdf
from applications.disclosure.records import parts_by_key
from applications.disclosure.selectors import maskable_parts, request_maskings, request_records
from applications.errors import ApplicationError
from applications.models import (
    REQUEST_TRANSITIONS,
    Application,
    DeliveryMethod,
    DisclosureRequest,
    Masking,
    RequestEvent,
    RequestState,
    SecrecyGround,
)

# The provisions of offentlighets- och sekretesslagen (2009:400) most often met in grant
# cases, as a new installation starts with them; the national administrators keep the list
# (OSL is national law: the grounds are the same in every county).
SECRECY_GROUNDS = (
    ("OSL 21 kap. 7 §", "Personuppgifter vars utlämnande skulle strida mot dataskyddsförordningen"),
    ("OSL 21 kap. 1 §", "Uppgifter om enskilds hälsa eller sexualliv"),
    ("OSL 26 kap. 1 §", "Socialtjänst: enskilds personliga förhållanden"),
    ("OSL 31 kap. 16 §", "Enskilds affärs- eller driftförhållanden i ett ärende om stöd"),
    ("OSL 22 kap. 1 §", "Uppgifter om enskilds personliga förhållanden i folkbokföringen o.d."),
    ("OSL 18 kap. 8 §", "Säkerhets- och bevakningsåtgärder"),
)


def secrecy_grounds_ensure() -> int:
    """The common grounds, added where missing (the administrators' edits are kept); returns
    how many were added."""
    added = 0
    for code, description in SECRECY_GROUNDS:
        _ground, created = SecrecyGround.objects.get_or_create(
            code=code, defaults={"description": description}
        )
        added += created
    return added


class DisclosureError(ApplicationError):
    """A refused step; `field` names the form field the message belongs next to."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --- the grounds for secrecy, kept by the national administrators -------------------------


def _ground_checked(*, ground: SecrecyGround | None, code: str, description: str) -> tuple:
    code, description = " ".join(code.split()), " ".join(description.split())
    if not code:
        raise DisclosureError(_("Give the provision."), field="code")
    if not description:
        raise DisclosureError(_("Describe what the provision protects."), field="description")
    others = SecrecyGround.objects.exclude(pk=ground.pk) if ground else SecrecyGround.objects
    if others.filter(code__iexact=code).exists():
        raise DisclosureError(
            _("There is a ground with the provision %(code)s already.") % {"code": code},
            field="code",
        )
    return code, description


def _ground_saved(ground: SecrecyGround, *, by: AbstractBaseUser) -> SecrecyGround:
    ground._history_user = by
    try:
        with transaction.atomic():
            ground.save()
    except IntegrityError:  # the same provision saved by someone else meanwhile
        raise DisclosureError(
            _("There is a ground with the provision %(code)s already.") % {"code": ground.code},
            field="code",
        ) from None
    return ground


def ground_create(*, code: str, description: str, by: AbstractBaseUser) -> SecrecyGround:
    """A new ground, in use at once; its provision is unique (letter case aside)."""
    code, description = _ground_checked(ground=None, code=code, description=description)
    return _ground_saved(SecrecyGround(code=code, description=description), by=by)


def ground_update(
    *, ground: SecrecyGround, code: str, description: str, active: bool, by: AbstractBaseUser
) -> SecrecyGround:
    """The ground's provision, description and whether it is offered for new maskings. The
    provision of a ground that maskings name stays as they named it (a new provision is a
    new ground; this one is deactivated)."""
    code, description = _ground_checked(ground=ground, code=code, description=description)
    if code != ground.code and Masking.objects.filter(ground=ground).exists():
        raise DisclosureError(
            _(
                "Maskings name this provision, so it cannot be changed. Add the new provision"
                " as a ground of its own and deactivate this one."
            ),
            field="code",
        )
    ground.code, ground.description, ground.active = code, description, active
    return _ground_saved(ground, by=by)


def ground_deactivate(*, ground: SecrecyGround, by: AbstractBaseUser) -> SecrecyGround:
    """No longer offered for new maskings; the maskings made under it keep it."""
    ground.active = False
    ground._history_user = by
    ground.save(update_fields=["active"])
    return ground


def ground_delete(*, ground: SecrecyGround, by: AbstractBaseUser) -> None:
    """Removes a ground made in error. One that any masking names is never removed, only
    deactivated: the maskings and the decisions on them refer to it."""
    with transaction.atomic():
        ground = SecrecyGround.objects.select_for_update().get(pk=ground.pk)
        if Masking.objects.filter(ground=ground).exists():
            raise DisclosureError(
                _("%(code)s is named by maskings: it can be deactivated but not removed.")
                % {"code": ground.code}
            )
        ground._history_user = by
        ground.delete()


# --- the requests ---------------------------------------------------------------------------


def _move(
    request: DisclosureRequest,
    to: RequestState,
    *,
    by: AbstractBaseUser,
    method: str = "",
) -> None:
    if (RequestState(request.state), to) not in REQUEST_TRANSITIONS:
        raise DisclosureError(
            _("The request is %(state)s: this step is no longer possible.")
            % {"state": request.get_state_display().lower()}
        )
    RequestEvent.objects.create(
        request=request, from_state=request.state, to_state=to, by=by, method=method
    )
    request.state = to


def _locked(request: DisclosureRequest) -> DisclosureRequest:
    return DisclosureRequest.objects.select_for_update().get(pk=request.pk)


def request_register(
    *,
    county: County,
    by: AbstractBaseUser,
    received_on: datetime.date,
    cases: list[Application],
    requester_name: str = "",
    requester_contact: str = "",
    search_text: str = "",
) -> DisclosureRequest:
    """Registers a request for the county's records of `cases` (all of the county)."""
    if received_on > timezone.localdate():
        raise DisclosureError(_("The date cannot be in the future."), field="received_on")
    if not cases:
        raise DisclosureError(_("Name at least one case."), field="case_numbers")
    if any(case.county_id != county.pk or not case.case_number for case in cases):
        raise DisclosureError(_("Only the county's registered cases."), field="case_numbers")
    with transaction.atomic():
        request = DisclosureRequest.objects.create(
            county=county,
            requester_name=requester_name.strip(),
            requester_contact=requester_contact.strip(),
            received_on=received_on,
            search_text=search_text.strip(),
            registered_by=by,
        )
        request.applications.set(cases)
        RequestEvent.objects.create(request=request, to_state=RequestState.RECEIVED, by=by)
    return request


def request_gather(*, request: DisclosureRequest, by: AbstractBaseUser) -> DisclosureRequest:
    """The records are gathered for review: received → under review."""
    with transaction.atomic():
        request = _locked(request)
        _move(request, RequestState.UNDER_REVIEW, by=by)
        request.gathered_at = timezone.now()
        request.save(update_fields=["state", "gathered_at"])
    return request


def masking_add(
    *,
    request: DisclosureRequest,
    by: AbstractBaseUser,
    part: str,
    ground: SecrecyGround | None,
    passage: str = "",
) -> Masking:
    """Withholds a part of the gathered records, whole (no passage) or one exact passage
    of it, under a ground of OSL. Refused without a ground, for a passage the part does not
    contain, and once the request is delivered."""
    if request.state != RequestState.UNDER_REVIEW:
        raise DisclosureError(_("Records can be masked only while the request is under review."))
    if ground is None:
        raise DisclosureError(
            _("Give the provision of the Public Access to Information and Secrecy Act."),
            field="ground",
        )
    parts = parts_by_key(request_records(request=request, maskings=[]))
    if part not in parts:
        raise DisclosureError(_("Choose a part of the gathered records."), field="part")
    if passage and passage not in parts[part][1].text:
        raise DisclosureError(
            _("The passage does not occur in this part. Copy it exactly as written."),
            field="passage",
        )
    with transaction.atomic():
        request = _locked(request)
        if request.state != RequestState.UNDER_REVIEW:
            raise DisclosureError(
                _("Records can be masked only while the request is under review.")
            )
        return Masking.objects.create(
            request=request, part=part, passage=passage, ground=ground, created_by=by
        )


def masking_remove(*, request: DisclosureRequest, masking: Masking, by: AbstractBaseUser) -> None:
    """Takes back a masking made in error, before delivery (the audit trail keeps it)."""
    with transaction.atomic():
        request = _locked(request)
        if request.state != RequestState.UNDER_REVIEW or masking.request_id != request.pk:
            raise DisclosureError(
                _("Records can be masked only while the request is under review.")
            )
        masking.delete()


def _store(request: DisclosureRequest, field: str, name: str, content: bytes) -> None:
    getattr(request, field).save(name, ContentFile(content), save=False)
    setattr(request, f"{field}_sha256", hashlib.sha256(content).hexdigest())


def request_documents_make(
    *, request: DisclosureRequest, by: AbstractBaseUser
) -> DisclosureRequest:
    """Makes the masked copy and, when anything is withheld, the decision on it, as they
    stand now; made again on delivery, after which they never change."""
    with transaction.atomic():
        request = _locked(request)
        if request.state != RequestState.UNDER_REVIEW:
            raise DisclosureError(_("The documents are made while the request is under review."))
        _documents(request, by=by)
        request.save(
            update_fields=[
                "masked_copy",
                "masked_copy_sha256",
                "withholding_decision",
                "withholding_decision_sha256",
            ]
        )
    return request


def _documents(request: DisclosureRequest, *, by: AbstractBaseUser) -> None:
    maskings = request_maskings(request=request)
    records = request_records(request=request, maskings=maskings)
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    _store(
        request,
        "masked_copy",
        f"kopia-{request.pk}-{stamp}.pdf",
        masked_copy_pdf(request, records, maskings),
    )
    if maskings:
        _store(
            request,
            "withholding_decision",
            f"beslut-{request.pk}-{stamp}.pdf",
            withholding_decision_pdf(request, records, maskings, decided_by=by),
        )
    else:
        request.withholding_decision = ""
        request.withholding_decision_sha256 = ""


def _outcome(request: DisclosureRequest) -> RequestState:
    maskings = request_maskings(request=request)
    if not maskings:
        return RequestState.DELIVERED
    parts = maskable_parts(request_records(request=request, maskings=maskings))
    if all(part.withheld_whole for part in parts):
        return RequestState.REFUSED
    return RequestState.DELIVERED_IN_PART


def request_deliver(
    *, request: DisclosureRequest, by: AbstractBaseUser, method: str
) -> DisclosureRequest:
    """Delivers the records: the documents are made as they stand, the outcome follows the
    maskings (nothing withheld: in full; everything withheld whole: refused; otherwise in
    part), and who delivered, when and how is logged. The request is final from here."""
    if method not in DeliveryMethod.values:
        raise DisclosureError(_("Choose how the records were delivered."), field="method")
    with transaction.atomic():
        request = _locked(request)
        if request.state != RequestState.UNDER_REVIEW:
            raise DisclosureError(_("The request is not under review: it cannot be delivered."))
        _move(request, _outcome(request), by=by, method=method)
        _documents(request, by=by)
        request.delivered_at = timezone.now()
        request.delivered_by = by
        request.delivery_method = method
        request.save()
    return request
