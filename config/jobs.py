"""When a background job (a generated document, an export) counts as stalled.

A worker killed mid-task leaves its job RUNNING; a broker that lost a message leaves it
QUEUED. The job's row holds a heartbeat, touched by the task as it works; a job whose last
sign of life is older than `settings.JOB_STALLED_AFTER` seconds is shown as stalled, with a
button to start it again, and a redelivered task may take it over.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def stalled_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.JOB_STALLED_AFTER)


def job_is_stalled(
    *,
    queued: bool,
    running: bool,
    requested_at: datetime.datetime | None,
    started_at: datetime.datetime | None,
    heartbeat_at: datetime.datetime | None,
) -> bool:
    if running:
        last_sign = heartbeat_at or started_at
    elif queued:
        last_sign = heartbeat_at or requested_at  # queued again: the heartbeat says when
    else:
        return False
    return last_sign is not None and last_sign < stalled_cutoff()
