from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from allocations.models import Organisation
from allocations.models.audit import bulk_audit_attrs
from applications.applying.permissions import may_apply_for, may_edit
from applications.errors import ApplicationError
from applications.models import Application, BudgetLine, Call


class DraftConflict(ApplicationError):
    """A save refused because the draft was saved elsewhere (another tab, window or person)
    since the page was shown. `current` is the draft as it is stored now, nothing written."""

    def __init__(self, current: Application) -> None:
        super().__init__(
            _(
                "The draft has been changed in another tab or window since you opened it. "
                "Nothing you typed here has been saved yet: compare and choose what to keep."
            )
        )
        self.current = current
        # The fields in which the refused input differs from `current`, once compared.
        self.differences: list | None = None


CONTENT_FIELDS = [
    "contact_name",
    "contact_email",
    "contact_phone",
    "focus_area",
    "sub_area",
    "title",
    "description",
    "purpose",
    "target_group",
    "kind",
    "continues",
    "period_start",
    "period_end",
    "finances_posts",
    "post_share_percent",
    "amount_requested",
]


def application_start(
    *, call: Call, organisation: Organisation, user: AbstractBaseUser
) -> Application:
    """Open a new draft in an open call, for an organisation the user applies for."""
    if not may_apply_for(user, organisation) or organisation.county_id != call.county_id:
        raise ApplicationError(_("You do not apply for this organisation in this county."))
    if call.is_draft or not call.is_open():
        raise ApplicationError(_("The call is not open."))
    return Application.objects.create(
        county=call.county,
        call=call,
        organisation=organisation,
        created_by=user,
        contact_name=user.get_full_name(),
        contact_email=user.email,
    )


@transaction.atomic
def application_draft_save(
    *,
    application: Application,
    user: AbstractBaseUser,
    fields: dict,
    cooperating: list[Organisation] | None = None,
    budget_lines: list[dict] | None = None,
    raw: dict | None = None,
    revision: int | None = None,
) -> Application:
    """Store whatever is filled in. `raw` keeps input that could not be stored yet, so the
    form shows exactly what was typed; `budget_lines=None` leaves the lines as they are.

    `revision` is the draft's revision the input was typed on: when the draft has been saved
    since, nothing is written and `DraftConflict` is raised (`None`: not checked). Every
    save moves the revision on by one; the returned application carries the new one."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not may_edit(user, application):
        raise ApplicationError(_("The application can no longer be changed."))
    if revision is not None and revision != application.revision:
        raise DraftConflict(application)
    application.revision += 1
    for name in CONTENT_FIELDS:
        if name in fields:
            setattr(application, name, fields[name])
    application.draft_data = raw or {}
    application.updated_at = timezone.now()
    application.save()
    if cooperating is not None:
        application.cooperating_organisations.set(
            [o for o in cooperating if o.county_id == application.county_id]
        )
    if budget_lines is not None:
        application.budget_lines.all().delete()
        bulk_create_with_history(
            [
                BudgetLine(application=application, position=i, **line)
                for i, line in enumerate(budget_lines)
            ],
            BudgetLine,
            default_user=user,
            custom_historical_attrs=bulk_audit_attrs(),
        )
    return application
