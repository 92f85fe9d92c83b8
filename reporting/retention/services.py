"""The retention schedule and disposal runs (gallring).

`retention_schedule_ensure` gives the service its record classes and service-wide rules;
`retention_rule_set` sets a county's own rule for a class; `legal_hold_place` and
`legal_hold_release` keep records whatever the schedule says; `disposal_run` removes what the
dry run (`disposal_preview`) lists and records it in a protocol kept for ever.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import County
from applications.models import Application, Attachment
from reporting.models import (
    DisposalLine,
    DisposalProtocol,
    LegalHold,
    RecordClass,
    RetentionRule,
)
from reporting.retention.classes import KINDS
from reporting.retention.kinds import Item
from reporting.retention.schedule import NEVER_DISPOSED, RECORD_CLASSES
from reporting.retention.selectors import ClassPreview, covered_classes, disposal_preview

__all__ = [
    "DisposalRefused",
    "disposal_preview",
    "disposal_run",
    "legal_hold_place",
    "legal_hold_release",
    "retention_rule_set",
    "retention_schedule_ensure",
]


class DisposalRefused(Exception):
    """The step cannot be taken; the text says why, for the coordinator. `field` names the
    form field the message belongs next to."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def retention_schedule_ensure() -> int:
    """The schedule's classes and their service-wide rules, added where missing (a changed
    rule or name is kept); returns how many classes were added."""
    added = 0
    for position, (code, scope, name, description, years) in enumerate(RECORD_CLASSES):
        record_class, created = RecordClass.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "scope": scope,
                "position": position,
            },
        )
        added += created
        RetentionRule.objects.get_or_create(
            record_class=record_class, county=None, defaults={"keep_years": years}
        )
    return added


def retention_rule_set(
    *,
    county: County,
    record_class: RecordClass,
    keep_years: int | None,
    follow_service: bool = False,
    by: AbstractBaseUser,
) -> RetentionRule | None:
    """The county's own rule for the class (None years: kept for ever), or none at all when
    the county follows the service-wide rule. Decided cases are kept for ever, always."""
    if record_class.code in NEVER_DISPOSED:
        raise DisposalRefused(
            _("Decided cases are always kept; their rule cannot be changed."), field="keep_years"
        )
    if not covered_classes(county=county).filter(pk=record_class.pk).exists():
        raise DisposalRefused(_("This class is not part of the county's schedule."))
    with transaction.atomic():
        if follow_service:
            RetentionRule.objects.filter(record_class=record_class, county=county).delete()
            return None
        rule, _created = RetentionRule.objects.update_or_create(
            record_class=record_class,
            county=county,
            defaults={"keep_years": keep_years, "changed_by": by},
        )
    return rule


def legal_hold_place(
    *,
    county: County,
    reason: str,
    by: AbstractBaseUser,
    application: Application | None = None,
    record_class: RecordClass | None = None,
) -> LegalHold:
    """A hold on one application of the county or on one class of its schedule."""
    if (application is None) == (record_class is None):
        raise DisposalRefused(_("Choose either an application or a record class."))
    if application is not None and application.county_id != county.pk:
        raise DisposalRefused(_("Choose one of the county's applications."), field="application")
    if application is not None:
        subject = application.case_number or f"#{application.pk}"
    else:
        subject = record_class.name
    return LegalHold.objects.create(
        county=county,
        application=application,
        record_class=record_class,
        subject=subject,
        reason=reason,
        placed_by=by,
    )


def legal_hold_release(*, hold: LegalHold, by: AbstractBaseUser) -> LegalHold:
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if hold.released_at is not None:
            raise DisposalRefused(_("The hold has already been released."))
        hold.released_by, hold.released_at = by, timezone.now()
        hold.save(update_fields=["released_by", "released_at"])
    return hold


def _lock(county: County | None) -> None:
    """One run at a time per county (and one service-wide run at a time)."""
    if county is not None:
        County.objects.select_for_update().filter(pk=county.pk).first()
    else:
        list(RecordClass.objects.select_for_update().filter(scope="service"))


def _refuse_held(previews: list[ClassPreview], confirmed: set[str], county: County | None) -> None:
    """Refuses a run that was confirmed for something a hold now covers."""
    if not confirmed:
        return
    due_now = {item.key for p in previews for item in p.items}
    lost = confirmed - due_now
    if not lost:
        return
    held_ids = set(
        LegalHold.objects.filter(
            county=county, released_at__isnull=True, application__isnull=False
        ).values_list("application_id", flat=True)
    )
    held_classes = {p.record_class.code for p in previews if p.class_held}
    held_attachments = set(
        Attachment.objects.filter(application_id__in=held_ids).values_list("pk", flat=True)
    )
    held_rows = {
        "applications.application": held_ids,
        "applications.attachment": held_attachments,
    }
    held = []
    for key in sorted(lost):
        code, label, pk = (key.split(":") + ["", "", ""])[:3]
        if code in held_classes or (pk.isdigit() and int(pk) in held_rows.get(label, ())):
            held.append(key)
    if held:
        names = ", ".join(_named(key) for key in held)
        raise DisposalRefused(
            _(
                "Nothing has been disposed of: %(records)s is under a legal hold and may not "
                "be disposed of while the hold lasts. Release the hold or show the dry run again."
            )
            % {"records": names}
        )


def _named(key: str) -> str:
    code, label, pk = (key.split(":") + ["", "", ""])[:3]
    if label == "applications.application" and pk.isdigit():
        case = Application.objects.filter(pk=int(pk)).values_list("case_number", flat=True)
        return (case.first() or f"#{pk}") if case.exists() else f"#{pk}"
    record_class = RecordClass.objects.filter(code=code).first()
    return f"{record_class.name if record_class else code} #{pk}"


def disposal_run(
    *,
    county: County | None,
    by: AbstractBaseUser | None,
    on: dt.date | None = None,
    confirmed: list[str] | None = None,
) -> DisposalProtocol:
    """Removes, in one transaction, what the dry run on `on` lists (worked out again under a
    lock), with their history rows, and records the protocol. `confirmed` (the keys of the dry
    run the coordinator saw) limits the run to those; one of them now under a hold refuses the
    whole run. Files go after commit, so a rollback leaves them."""
    on = on or timezone.localdate()
    confirmed_keys = set(confirmed or [])
    with transaction.atomic():
        _lock(county)
        previews = disposal_preview(county=county, on=on)
        _refuse_held(previews, confirmed_keys, county)
        protocol = DisposalProtocol.objects.create(
            county=county,
            disposed_on=on,
            run_by=by,
            run_by_name=(by.get_full_name() or by.get_username()) if by else "",
        )
        files: list[tuple[object, str]] = []
        lines = []
        for preview in previews:
            items: list[Item] = preview.items
            if confirmed is not None:
                items = [item for item in items if item.key in confirmed_keys]
            if items:
                files += KINDS[preview.record_class.code].remove(items)
            lines.append(
                DisposalLine(
                    protocol=protocol,
                    record_class=preview.record_class,
                    keep_years=preview.schedule.keep_years,
                    count_before=preview.count_before,
                    removed=len(items),
                    kept=preview.count_before - len(items),
                    identifiers=[item.identifier for item in items],
                )
            )
        DisposalLine.objects.bulk_create(lines)
        transaction.on_commit(lambda: _delete_files(files))
    return protocol


def _delete_files(files: list[tuple[object, str]]) -> None:
    for storage, name in files:
        storage.delete(name)
