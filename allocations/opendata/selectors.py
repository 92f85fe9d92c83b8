"""Open data: a county's decided grants of a year as a 360Giving data package (JSON).

Schema: 360Giving Data Standard 1.4 (`shared/standards/360giving/`). Choices made here:

- Which grants: the current ones (not replaced by a correction) whose meeting's minutes are
  approved, i.e. decisions that have been released and are public.
- Grant id: `360G-lansmedel-<county code>-<grant id>`; stable, as a grant row is never
  deleted (a correction makes a new grant with its own id).
- Organisations: `SE-BLV-<organisation number>` (NNNNNN-NNNN as registered). A unit without
  a number of its own (Region X, Folkhälsoenheten) is identified by its parent's number,
  with the unit as `department`. An organisation with no number in its line gets a
  county-local id, `360G-lansmedel-<county code>-org-<organisation id>`.
- recipientOrganization is the organisation responsible for the intervention (the grantee
  named in the decision); the one that handles the money, when another, is named in the
  description. fundingOrganization is the county's administering organisation, with the
  decision body as department.
- awardDate is the meeting's date as a full date-time at local midnight (and `issued` a
  full date-time): a date alone matches both branches of the standard's `oneOf` for dates
  when a validator does not check formats, and so would be refused by such validators.
- Amounts are whole kronor, currency "SEK".
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from allocations.models import Agreement, County, Organisation
from applications.models import Grant, MeetingState

PREFIX = "360G-lansmedel"
SCHEMA_VERSION = "1.4"
TITLE_LENGTH = 140  # the standard's advice for a title


def organisation_identifier(organisation: Organisation) -> tuple[str, str | None, str]:
    """(id, department, name) of an organisation as 360Giving identifies it."""
    if organisation.organisation_number:
        return f"SE-BLV-{organisation.organisation_number}", None, organisation.name
    parent = organisation.parent
    if parent is not None and parent.organisation_number:
        return f"SE-BLV-{parent.organisation_number}", organisation.name, parent.name
    county = organisation.county
    return f"{PREFIX}-{county.code}-org-{organisation.pk}", None, organisation.name


def _organisation(organisation: Organisation, department: str | None = None) -> dict:
    identifier, unit, name = organisation_identifier(organisation)
    data = {"id": identifier, "name": name}
    if unit or department:
        data["department"] = unit or department
    return data


def _funder(county: County) -> dict:
    if county.administering_organisation is not None:
        return _organisation(county.administering_organisation, county.decision_body_name)
    return {"id": f"{PREFIX}-{county.code}", "name": county.name}


def _local_midnight(day: datetime.date) -> str:
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time(), tzinfo=zone).isoformat()


def published_grants(*, county: County, agreement: Agreement):
    return (
        Grant.objects.filter(
            county=county,
            focus_area__agreement=agreement,
            replaced_by__isnull=True,
            decision__item__meeting__state=MeetingState.MINUTES_APPROVED,
        )
        .select_related(
            "focus_area",
            "decision__item__meeting",
            "application",
            "responsible_organisation__parent",
            "responsible_organisation__county",
            "handling_organisation",
        )
        .order_by("focus_area__number", "decision__item__meeting__held_on", "pk")
    )


def _grant(grant: Grant, county: County, agreement: Agreement, funder: dict) -> dict:
    meeting = grant.decision.item.meeting
    area = grant.focus_area
    description = _("%(title)s. Focus area %(number)s: %(area)s.") % {
        "title": grant.title.rstrip("."),
        "number": area.number,
        "area": area.name,
    }
    if grant.handling_organisation_id != grant.responsible_organisation_id or grant.handling_note:
        description += " " + _("The funds are handled by %(handler)s.") % {
            "handler": grant.handled_by_label
        }
    title = (
        grant.title if len(grant.title) <= TITLE_LENGTH else grant.title[: TITLE_LENGTH - 1] + "…"
    )
    data = {
        "id": f"{PREFIX}-{county.code}-{grant.pk}",
        "title": title,
        "description": description,
        "currency": "SEK",
        "amountAwarded": grant.amount,
        "awardDate": _local_midnight(meeting.held_on),
        "recipientOrganization": [_organisation(grant.responsible_organisation)],
        "fundingOrganization": [funder],
        "grantProgramme": [
            {
                "code": f"{agreement.year}-{area.number}",
                "title": f"{agreement.title}: {area.number}. {area.name}",
            }
        ],
        "beneficiaryLocation": [{"name": county.name, "countryCode": "SE"}],
        "dateModified": timezone.localtime(grant.created_at).isoformat(),
    }
    application = grant.application
    if application is not None and application.period_start and application.period_end:
        data["plannedDates"] = [
            {
                "startDate": application.period_start.isoformat(),
                "endDate": application.period_end.isoformat(),
            }
        ]
    return data


def grants_360giving(*, county: County, agreement: Agreement) -> dict:
    """The package: `{"grants": [...], ...}`. Its `grants` is empty when nothing is
    published yet; the standard requires at least one grant, so do not publish that."""
    county = County.objects.select_related("administering_organisation__parent").get(pk=county.pk)
    with translation.override(settings.LANGUAGE_CODE):
        funder = _funder(county)
        grants = [
            _grant(grant, county, agreement, funder)
            for grant in published_grants(county=county, agreement=agreement)
        ]
        title = _("County-joint funds for mental health, %(county)s %(year)s") % {
            "county": county.name,
            "year": agreement.year,
        }
    return {
        "version": SCHEMA_VERSION,
        "title": title,
        "identifier": f"{PREFIX}-{county.code}-{agreement.year}",
        "issued": timezone.localtime().isoformat(timespec="seconds"),
        "publisher": {"name": funder["name"], "identifier": funder["id"]},
        "grants": grants,
    }
