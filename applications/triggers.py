"""What was decided stays as it was decided: guards in PostgreSQL itself.

- A decision and a paragraph (agenda item) of a meeting that is no longer open can be neither
  changed nor deleted; a correction is a new decision in a later meeting.
- A meeting whose minutes are approved can be neither changed nor deleted; a closed meeting
  can only move on (to approved minutes), never open again, and is never deleted.
- A generated document that is done (file and checksum recorded) is never changed or deleted.
- A member's adoption, once recorded, is never changed or deleted.
- The application's own history (status changes, submitted versions) is append-only.
- Case notes and the log of a request for public records are append-only; a delivered
  request, its maskings and its cases are never changed or deleted, and a masking is never
  changed (one that is wrong is removed before delivery and made anew).

The ORM refuses these too (`Decision.save`, `DecisionMeeting.save`); the triggers make the
refusal hold for raw SQL and every other client. Installed by `migrate` on PostgreSQL.
"""

import pgtrigger

from allocations.triggers import append_only_trigger
from applications.models import (
    Adoption,
    AgendaItem,
    ApplicationVersion,
    CaseNote,
    Decision,
    DecisionMeeting,
    DisclosureRequest,
    GeneratedDocument,
    Masking,
    RequestEvent,
    StatusChange,
)
from applications.models.disclosure import CLOSED

OPEN = "open"
MINUTES_APPROVED = "minutes_approved"


def _refuse_when_meeting_closed(name: str, meeting_of_old_row: str) -> pgtrigger.Trigger:
    """A row of a meeting that is no longer open refuses UPDATE and DELETE."""
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        func=pgtrigger.Func(
            f"""
            IF (SELECT m.state FROM {DecisionMeeting._meta.db_table} m
                WHERE m.id = ({meeting_of_old_row})) <> '{OPEN}' THEN
                RAISE EXCEPTION 'decided: % on {{meta.db_table}} % of a closed meeting',
                    TG_OP, OLD.id USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
            """
        ),
    )


def register() -> None:
    item_table = AgendaItem._meta.db_table
    pgtrigger.register(
        _refuse_when_meeting_closed(
            "decided_final",
            f"SELECT i.meeting_id FROM {item_table} i WHERE i.id = OLD.item_id",
        )
    )(Decision)
    pgtrigger.register(_refuse_when_meeting_closed("decided_final", "OLD.meeting_id"))(AgendaItem)
    pgtrigger.register(
        pgtrigger.Protect(
            name="minutes_approved_final",
            operation=pgtrigger.Update | pgtrigger.Delete,
            condition=pgtrigger.Q(old__state=MINUTES_APPROVED),
        ),
        pgtrigger.Protect(
            name="closed_never_reopens",
            operation=pgtrigger.Update,
            condition=pgtrigger.Q(old__state__df=OPEN, new__state=OPEN),
        ),
        pgtrigger.Protect(
            name="closed_never_deleted",
            operation=pgtrigger.Delete,
            condition=~pgtrigger.Q(old__state=OPEN),
        ),
    )(DecisionMeeting)
    pgtrigger.register(
        pgtrigger.Protect(
            name="done_final",
            operation=pgtrigger.Update | pgtrigger.Delete,
            condition=pgtrigger.Q(old__state="done"),
        )
    )(GeneratedDocument)
    pgtrigger.register(
        pgtrigger.Protect(
            name="adoption_recorded_final",
            operation=pgtrigger.Update | pgtrigger.Delete,
            condition=~pgtrigger.Q(old__outcome="pending"),
        )
    )(Adoption)
    for model in (StatusChange, ApplicationVersion, CaseNote, RequestEvent):
        pgtrigger.register(append_only_trigger())(model)
    _register_disclosure()


def _register_disclosure() -> None:
    closed = sorted(CLOSED)
    closed_sql = ", ".join(f"'{state}'" for state in closed)
    request_table = DisclosureRequest._meta.db_table

    def refuse_when_request_closed(name: str, request_id: str) -> pgtrigger.Trigger:
        return pgtrigger.Trigger(
            name=name,
            when=pgtrigger.Before,
            operation=pgtrigger.Update | pgtrigger.Delete,
            func=pgtrigger.Func(
                f"""
                IF (SELECT r.state FROM {request_table} r WHERE r.id = {request_id})
                    IN ({closed_sql}) THEN
                    RAISE EXCEPTION 'delivered: % on {{meta.db_table}} of a delivered request',
                        TG_OP USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
                """
            ),
        )

    pgtrigger.register(
        pgtrigger.Protect(
            name="delivered_final",
            operation=pgtrigger.Update | pgtrigger.Delete,
            condition=pgtrigger.Q(old__state__in=closed),
        )
    )(DisclosureRequest)
    pgtrigger.register(
        pgtrigger.Protect(name="masking_never_changed", operation=pgtrigger.Update),
        refuse_when_request_closed("delivered_final", "OLD.request_id"),
    )(Masking)
    pgtrigger.register(refuse_when_request_closed("delivered_final", "OLD.disclosurerequest_id"))(
        DisclosureRequest.applications.through
    )
