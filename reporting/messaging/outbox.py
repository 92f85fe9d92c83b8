"""A transactional outbox for Celery tasks: a task asked for is never lost.

`enqueue` stores an `OutboxMessage` in the caller's transaction and publishes it after
commit. A broker that cannot be reached (Redis down) leaves the message pending and the
request succeeds; `outbox_sweep` (beat, every minute) publishes what is pending. The
Celery task id is the message's `task_id`, so the signal handlers below record a task's
retries and final failure on its message, where the administrator sees them.

Publishing is at least once: a message published just before a crash may go again, so
tasks stay idempotent (they reload by id and check what is already done).
"""

import logging
import uuid
from datetime import timedelta

from celery import signals
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from reporting.models import OutboxMessage

logger = logging.getLogger(__name__)

# What publishing raises when the broker is unreachable: kombu wraps most of it, the
# redis client and the socket may raise their own.
BROKER_ERRORS = (OperationalError, RedisConnectionError, RedisTimeoutError, OSError)
ERROR_LIMIT = 2000
# Messages younger than this are left to their own after-commit publish.
SWEEP_GRACE = timedelta(seconds=30)
SWEEP_BATCH = 200


def enqueue(task, *args) -> OutboxMessage:
    """Store `task(*args)` in the current transaction; publish it once that commits.
    `task` is a Celery task or its registered name; `args` are JSON values (ids)."""
    name = task if isinstance(task, str) else task.name
    message = OutboxMessage.objects.create(task=name, args=list(args))
    transaction.on_commit(lambda: outbox_publish(message=message))
    return message


def outbox_publish(*, message: OutboxMessage) -> bool:
    """Publish one message now. True when the broker took it; on a broker error the
    message stays pending with the error recorded, and nothing is raised."""
    from config.celery import app

    task = app.tasks[message.task]
    try:
        # retry=False: a down broker fails fast instead of holding the request.
        task.apply_async(args=message.args, task_id=str(message.task_id), retry=False)
    except BROKER_ERRORS as exc:
        logger.warning("Outbox message %s left for the sweeper: %s", message.pk, exc)
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, last_error=_describe(exc)
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk, enqueued_at__isnull=True).update(
        enqueued_at=timezone.now(), attempts=F("attempts") + 1
    )
    return True


def outbox_sweep(*, older_than: timedelta = SWEEP_GRACE) -> int:
    """Publish pending messages older than `older_than`, oldest first; stop at the first
    broker error (the broker is still down). Returns how many were published."""
    published = 0
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        pending = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(enqueued_at__isnull=True, failed_at__isnull=True, created_at__lte=cutoff)
            .order_by("created_at", "pk")[:SWEEP_BATCH]
        )
        for message in pending:
            if not outbox_publish(message=message):
                break
            published += 1
    return published


def outbox_resend(*, message: OutboxMessage) -> None:
    """Put a failed message back in line: the next sweep publishes it again."""
    OutboxMessage.objects.filter(pk=message.pk).update(enqueued_at=None, failed_at=None)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT]


@signals.task_retry.connect
def _record_retry(sender=None, request=None, reason=None, **kwargs) -> None:
    task_id = _uuid_or_none(getattr(request, "id", None))
    if task_id:
        OutboxMessage.objects.filter(task_id=task_id).update(
            last_error=f"retrying: {_describe(reason)}"[:ERROR_LIMIT]
        )


@signals.task_failure.connect
def _record_failure(sender=None, task_id=None, exception=None, **kwargs) -> None:
    task_id = _uuid_or_none(task_id)
    if task_id:
        OutboxMessage.objects.filter(task_id=task_id).update(
            last_error=_describe(exception), failed_at=timezone.now()
        )


def _uuid_or_none(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
