"""Reads about people: a user's own data (for download) and the people of a county."""

from typing import Any

from axes.models import AccessLog
from django.utils import timezone
from django_otp import devices_for_user

from allocations.models import County, Membership
from applications.models import Application, Assessment, ConflictDeclaration, StatusChange
from reporting.models import ProblemReport


def _when(value) -> str | None:
    return value.isoformat() if value else None


def personal_data_export(*, user) -> dict[str, Any]:
    """Everything the service holds that is about, or written by, the user, with dates."""
    memberships = Membership.objects.filter(user=user).select_related("county", "organisation")
    applications = Application.objects.filter(created_by=user).select_related(
        "county", "organisation"
    )
    assessments = Assessment.objects.filter(member=user).select_related("application", "round")
    declarations = ConflictDeclaration.objects.filter(member=user).select_related("application")
    changes = StatusChange.objects.filter(by=user).select_related("application")
    logins = AccessLog.objects.filter(username=user.get_username()).order_by("-attempt_time")
    return {
        "exported_at": _when(timezone.now()),
        "account": {
            "id": user.pk,
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "is_active": user.is_active,
            "two_factor_devices": [
                {"kind": type(d).__name__, "name": d.name}
                for d in devices_for_user(user, confirmed=None)
            ],
        },
        "memberships": [
            {
                "county": m.county.name,
                "role": m.role,
                "organisation": m.organisation.name if m.organisation else None,
            }
            for m in memberships
        ],
        "applications_created": [
            {
                "id": a.pk,
                "case_number": a.case_number,
                "title": a.title,
                "county": a.county.name,
                "organisation": a.organisation.name,
                "status": a.status,
                "contact_name": a.contact_name,
                "contact_email": a.contact_email,
                "contact_phone": a.contact_phone,
                "amount_requested": a.amount_requested,
                "created_at": _when(a.created_at),
                "submitted_at": _when(a.submitted_at),
                "updated_at": _when(a.updated_at),
            }
            for a in applications
        ],
        "assessments": [
            {
                "application": str(a.application),
                "application_id": a.application_id,
                "round": str(a.round),
                "recommendation": a.recommendation,
                "recommended_amount": a.recommended_amount,
                "category": a.category,
                "motivation": a.motivation,
                "internal_comment": a.internal_comment,
                "applicant_comment": a.applicant_comment,
                "conditions": a.conditions,
                "updated_at": _when(a.updated_at),
                "submitted_at": _when(a.submitted_at),
            }
            for a in assessments
        ],
        "conflict_declarations": [
            {
                "application": str(d.application),
                "application_id": d.application_id,
                "has_conflict": d.has_conflict,
                "reason": d.reason,
                "declared_at": _when(d.declared_at),
            }
            for d in declarations
        ],
        "status_changes": [
            {
                "application": str(c.application),
                "application_id": c.application_id,
                "from": c.from_status,
                "to": c.to_status,
                "comment": c.comment,
                "at": _when(c.at),
            }
            for c in changes
        ],
        "problem_reports": [
            {
                "page": r.page_url,
                "description": r.description,
                "email": r.email,
                "created_at": _when(r.created_at),
            }
            for r in ProblemReport.objects.filter(reporter=user)
        ],
        "log_ins": [
            {
                "at": _when(entry.attempt_time),
                "logged_out_at": _when(entry.logout_time),
                "ip_address": entry.ip_address,
                "user_agent": entry.user_agent,
            }
            for entry in logins
        ],
    }


def county_people(*, county: County) -> list:
    """The users holding a role in the county, each with `county_roles` (their roles there)."""
    memberships = (
        Membership.objects.filter(county=county)
        .select_related("user", "organisation")
        .order_by("user__email", "user__username", "role")
    )
    people: dict[int, Any] = {}
    for membership in memberships:
        person = people.setdefault(membership.user_id, membership.user)
        if not hasattr(person, "county_roles"):
            person.county_roles = []
        person.county_roles.append(membership)
    return list(people.values())
