"""Requests for public records (begäran om utlämnande av allmän handling).

Anyone may ask a public authority for its public records, and may stay anonymous
(tryckfrihetsförordningen 2 kap. 18 §). The coordinator registers the request with the
cases it names, gathers their records, masks what is secret under the Public Access to
Information and Secrecy Act (offentlighets- och sekretesslagen, OSL) with a legal ground
for each masking, and delivers a masked copy with a decision on what was withheld. What was
delivered is the record: a delivered request, its maskings and its log never change.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allocations.models import County
from allocations.models.audit import audited
from applications.models.application import Application
from applications.models.documents import private_storage


class SecrecyGround(models.Model):
    """A provision of OSL under which a passage may be withheld."""

    code = models.CharField(_("provision"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=300)
    active = models.BooleanField(_("in use"), default=True)

    audit_log = audited()

    class Meta:
        ordering = ["code"]
        verbose_name = _("ground for secrecy")
        verbose_name_plural = _("grounds for secrecy")

    def __str__(self) -> str:
        return f"{self.code} – {self.description}"


class RequestState(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Gathered, under review")
    DELIVERED = "delivered", _("Delivered in full")
    DELIVERED_IN_PART = "delivered_in_part", _("Delivered in part")
    REFUSED = "refused", _("Refused")


# The allowed moves: (from, to).
REQUEST_TRANSITIONS = frozenset(
    {
        (RequestState.RECEIVED, RequestState.UNDER_REVIEW),
        (RequestState.UNDER_REVIEW, RequestState.DELIVERED),
        (RequestState.UNDER_REVIEW, RequestState.DELIVERED_IN_PART),
        (RequestState.UNDER_REVIEW, RequestState.REFUSED),
    }
)
CLOSED = frozenset({RequestState.DELIVERED, RequestState.DELIVERED_IN_PART, RequestState.REFUSED})


class DeliveryMethod(models.TextChoices):
    EMAIL = "email", _("By e-mail")
    PAPER = "paper", _("On paper by post")
    IN_PERSON = "in_person", _("In person at the office")


def disclosure_path(instance: "DisclosureRequest", filename: str) -> str:
    return f"disclosure/{instance.county_id}/{instance.pk}/{filename}"


class DisclosureRequest(models.Model):
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="disclosure_requests",
        verbose_name=_("county"),
    )
    # Blank when the requester stays anonymous.
    requester_name = models.CharField(_("requested by"), max_length=200, blank=True)
    requester_contact = models.CharField(_("contact"), max_length=300, blank=True)
    received_on = models.DateField(_("received"))
    search_text = models.CharField(_("free-text search"), max_length=200, blank=True)
    applications = models.ManyToManyField(
        Application, related_name="disclosure_requests", verbose_name=_("cases")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=RequestState.choices, default=RequestState.RECEIVED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    gathered_at = models.DateTimeField(_("gathered"), null=True, blank=True)
    masked_copy = models.FileField(
        _("masked copy"), storage=private_storage, upload_to=disclosure_path, blank=True
    )
    masked_copy_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    withholding_decision = models.FileField(
        _("decision on what was withheld"),
        storage=private_storage,
        upload_to=disclosure_path,
        blank=True,
    )
    withholding_decision_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivered by"),
    )
    delivery_method = models.CharField(
        _("delivered how"), max_length=12, choices=DeliveryMethod.choices, blank=True
    )

    audit_log = audited()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("request for public records")
        verbose_name_plural = _("requests for public records")
        indexes = [models.Index(fields=["county", "state"], name="disclosure_county_state")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=sorted(CLOSED))
                | (
                    Q(delivered_at__isnull=False)
                    & Q(delivered_by__isnull=False)
                    & ~Q(delivery_method="")
                ),
                name="disclosure_delivered_in_full",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Request %(number)s") % {"number": self.pk})

    @property
    def is_anonymous(self) -> bool:
        return not self.requester_name.strip()

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED

    @property
    def age_days(self) -> int:
        """Days since it came in, to delivery or to today: a request is to be handled
        promptly (skyndsamt), usually within a day or two."""
        until = timezone.localdate(self.delivered_at) if self.delivered_at else timezone.localdate()
        return (until - self.received_on).days


class Masking(models.Model):
    """A part of a gathered record withheld, whole or one exact passage of it, under a
    ground of OSL. `part` names the part as the gathering does
    (`application:12:v1:description`, `note:7`, `decision:3:motivation`, `document:5`;
    `applications.disclosure.records`)."""

    request = models.ForeignKey(
        DisclosureRequest,
        on_delete=models.PROTECT,
        related_name="maskings",
        verbose_name=_("request"),
    )
    part = models.CharField(_("part of the record"), max_length=80)
    passage = models.TextField(_("passage"), blank=True)
    ground = models.ForeignKey(
        SecrecyGround,
        on_delete=models.PROTECT,
        related_name="maskings",
        verbose_name=_("ground for secrecy"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("masked by"),
    )
    created_at = models.DateTimeField(_("masked"), auto_now_add=True)

    audit_log = audited()

    class Meta:
        ordering = ["request", "pk"]
        verbose_name = _("masking")
        verbose_name_plural = _("maskings")

    def __str__(self) -> str:
        return f"{self.part} – {self.ground.code}"

    @property
    def is_whole_part(self) -> bool:
        return not self.passage


class RequestEvent(models.Model):
    """The request's log: each move, when, by whom and, for a delivery, how. Append-only."""

    request = models.ForeignKey(
        DisclosureRequest,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("request"),
    )
    from_state = models.CharField(
        _("from"), max_length=20, choices=RequestState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=RequestState.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    method = models.CharField(
        _("delivered how"), max_length=12, choices=DeliveryMethod.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["request", "at", "pk"]
        verbose_name = _("event of a request")
        verbose_name_plural = _("events of requests")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_state} → {self.to_state}"
