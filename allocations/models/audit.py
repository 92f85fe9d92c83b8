"""The audit trail: who changed what, when, and from which address (django-simple-history).

Every audited model carries `audit_log = audited()` (not `history`: an application's
`history` is its status changes). Each save writes a historical row with the whole object
after the change, the user and the client's address; the row before it gives "before".
The address comes from the request that `simple_history.middleware.HistoryRequestMiddleware`
keeps for the duration of a request; work done outside a request (tasks, commands) records
neither user nor address.
"""

from django.contrib.auth import get_user_model
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class AuditedHistory(models.Model):
    """Fields every historical row carries besides simple-history's own."""

    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        abstract = True


def audited(**options) -> HistoricalRecords:
    """The history of a model, with the client's address on every row."""
    return HistoricalRecords(bases=[AuditedHistory], **options)


def _client_ip(request) -> str | None:
    # The same reading as the lock-out (django-axes): trusts X-Forwarded-For only behind the
    # configured number of proxies (LANSMEDEL_TRUSTED_PROXIES).
    from axes.helpers import get_client_ip_address

    try:
        return get_client_ip_address(request) or None
    except Exception:  # a malformed header must not stop the save it describes
        return request.META.get("REMOTE_ADDR") or None


def bulk_audit_attrs() -> dict:
    """The address for rows written by `bulk_create_with_history`, which sends no signal."""
    request = getattr(HistoricalRecords.context, "request", None)
    return {"ip_address": _client_ip(request) if request is not None else None}


@receiver(pre_create_historical_record)
def _record_client_ip(sender, history_instance, **kwargs) -> None:
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None and hasattr(history_instance, "ip_address"):
        history_instance.ip_address = _client_ip(request)


# Users: the password hash never goes into the log, nor every log-in's timestamp.
register(
    get_user_model(),
    app="allocations",
    manager_name="audit_log",
    bases=[AuditedHistory],
    excluded_fields=["password", "last_login"],
)
