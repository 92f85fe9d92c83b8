"""The request id in every log line, and log lines as JSON for a log collector.

The id of the request being served (or of the request that queued the running task) lives
in a context variable; a log-record factory puts it on every record as `request_id`, so
handlers of Django, Celery and libraries all carry it without a filter of their own.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
# The task-message header that carries the id from the request to the worker.
TASK_HEADER = "lansmedel_request_id"
NO_REQUEST = "-"
# An id from the proxy is kept only if it is short and plain: it goes into every log line.
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,128}")

request_id: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def request_id_from(header: str | None) -> str:
    """The proxy's id when it is acceptable, else a new one."""
    if header and _ACCEPTED.fullmatch(header):
        return header
    return uuid.uuid4().hex


_base_factory = logging.getLogRecordFactory()


def _record_with_request_id(*args, **kwargs) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    record.request_id = request_id.get()
    return record


if getattr(_base_factory, "__name__", "") != _record_with_request_id.__name__:
    logging.setLogRecordFactory(_record_with_request_id)


class RequestIdFilter(logging.Filter):
    """Makes sure a record has `request_id` (records made before this module was loaded)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request id and
    the exception's traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        from datetime import UTC, datetime

        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


# --- Celery: the id travels with the task ---------------------------------------------------


def task_headers_add(headers: dict | None = None, **kwargs) -> None:
    """before_task_publish: the queuing request's id into the message headers."""
    current = request_id.get()
    if headers is not None and current != NO_REQUEST:
        headers.setdefault(TASK_HEADER, current)


_task_tokens: dict[str, object] = {}


def task_request_id_set(task_id: str | None = None, task=None, **kwargs) -> None:
    """task_prerun: the running task logs under the id of the request that queued it (an
    eager task runs inside that request and keeps its id)."""
    queued_by = getattr(task.request, TASK_HEADER, None) if task is not None else None
    if queued_by and task_id:
        _task_tokens[task_id] = request_id.set(request_id_from(queued_by))


def task_request_id_reset(task_id: str | None = None, **kwargs) -> None:
    """task_postrun: back to no request."""
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        request_id.reset(token)
