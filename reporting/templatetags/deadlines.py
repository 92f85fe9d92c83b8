"""`{% user_deadlines user as deadlines %}`: the user's coming deadlines (start page)."""

from django import template
from django.utils import timezone

from reporting.deadlines.selectors import user_deadlines as select_user_deadlines

register = template.Library()

COMING_DAYS = 60


@register.simple_tag
def user_deadlines(user) -> list:
    """Open deadlines of the user from 30 days ago to 60 days ahead, overdue flagged."""
    today = timezone.localdate()
    found = list(select_user_deadlines(user=user, today=today, days=COMING_DAYS))
    for deadline in found:
        deadline.overdue = deadline.due_on < today
        deadline.days_left = (deadline.due_on - today).days
    return found
