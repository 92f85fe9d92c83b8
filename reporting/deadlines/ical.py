"""The private iCalendar feed of a user's deadlines, and creating and revoking its address.

The feed is reached by its secret token alone (calendar programs send no cookies), so the
token is the key: revoking it makes the address answer 404, and a new feed gets a new
token. Each deadline is an all-day event whose UID stays the same when it is moved.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from reporting.deadlines.selectors import user_deadlines
from reporting.models import CalendarFeed, Deadline

# How far back the feed reaches (deadlines already done are left out).
PAST_DAYS = 365


@transaction.atomic
def feed_create(*, user) -> CalendarFeed:
    """A new feed address; any earlier one of the user stops working."""
    feed_revoke(user=user)
    return CalendarFeed.objects.create(user=user)


def feed_revoke(*, user) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def feed_current(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_by_token(*, token: str) -> CalendarFeed | None:
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is not None:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed


def deadline_uid(deadline: Deadline) -> str:
    return f"deadline-{deadline.pk}@lansmedel"


def calendar_ics(*, user, url: str, today: datetime.date | None = None) -> bytes:
    """The user's open deadlines as an iCalendar file; `url` links each event back."""
    today = today or timezone.localdate()
    calendar = Calendar()
    calendar.add("prodid", "-//Länsmedel//Tidsfrister//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Länsmedel")
    stamp = timezone.now()
    for deadline in user_deadlines(user=user, today=today, days=None, past_days=PAST_DAYS):
        event = Event()
        event.add("uid", deadline_uid(deadline))
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due_on)
        if deadline.due_on < datetime.date.max:  # an all-day event ends the day after
            event.add("dtend", deadline.due_on + datetime.timedelta(days=1))
        event.add("summary", deadline.title)
        event.add(
            "description",
            f"{deadline.county.name}: {deadline.get_kind_display()}, {deadline.due_on:%Y-%m-%d}",
        )
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
