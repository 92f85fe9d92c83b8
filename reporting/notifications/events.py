"""Events of the tables below every domain, told through `notify`: the calling service
passes its row, this module words the notification. (Events of the applications' path are
worded by their own domain, which calls `notify` itself.)"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from allocations.models import Repayment
from allocations.money import format_kronor
from reporting.models import NotificationKind
from reporting.notifications.selectors import people_of
from reporting.notifications.services import notify


def repayment_notify(*, repayment: Repayment, organisation=None) -> dict[str, int]:
    """Tell the county's coordinators (and, for a grant's repayment, the recipient
    organisation's people) that a repayment was computed or recorded."""
    county, area = repayment.county, repayment.focus_area
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Repayment recorded: %(amount)s, %(county)s") % {
            "amount": format_kronor(repayment.amount),
            "county": county.name,
        }
        body = _(
            "A repayment of unused funds of %(amount)s in focus area %(area)s was recorded "
            "on %(date)s."
        ) % {
            "amount": format_kronor(repayment.amount),
            "area": str(area),
            "date": repayment.repaid_on.isoformat(),
        }
    return notify(
        kind=NotificationKind.REPAYMENT_COMPUTED,
        users=people_of(county=county, organisation=organisation),
        subject=subject,
        body=body,
        link=reverse(
            "allocations:repayment", kwargs={"slug": county.slug, "year": area.agreement.year}
        ),
        county=county,
        related=repayment,
        key=f"repayment:{repayment.pk}",
    )
