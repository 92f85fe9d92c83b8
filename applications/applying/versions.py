"""Frozen copies of an application and the differences between two of them."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from allocations.money import format_kronor
from applications.models import Application

SNAPSHOT_FIELDS = [
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
    "period_start",
    "period_end",
    "finances_posts",
    "post_share_percent",
    "amount_requested",
]


def _display(application: Application, name: str) -> str:
    value = getattr(application, name)
    if value is None or value == "":
        return ""
    if name == "amount_requested":
        return format_kronor(value)
    if name == "kind":
        return str(application.get_kind_display())
    if name == "finances_posts":
        return _("Yes") if value else _("No")
    if name in ("period_start", "period_end"):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def snapshot(application: Application) -> dict:
    """The application's content as the applicant sees it, in a JSON-safe dict."""
    fields = {name: _display(application, name) for name in SNAPSHOT_FIELDS}
    fields["cooperating_organisations"] = ", ".join(
        sorted(o.name for o in application.cooperating_organisations.all())
    )
    fields["budget_lines"] = "\n".join(
        f"{line.get_cost_kind_display()}: {format_kronor(line.amount)}"
        + (f" ({line.comment})" if line.comment else "")
        for line in application.budget_lines.all()
    )
    # The names as the row read for a write carries them, or read now.
    names = getattr(application, "attachment_names", None)
    if names is None:
        names = [a.original_name for a in application.attachments.all()]
    fields["attachments"] = ", ".join(names)
    return fields


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


def field_label(name: str) -> str:
    labels = {
        "cooperating_organisations": _("Cooperating parties"),
        "budget_lines": _("Budget"),
        "attachments": _("Attachments"),
    }
    if name in labels:
        return str(labels[name])
    return str(Application._meta.get_field(name).verbose_name).capitalize()


def diff(before: dict, after: dict) -> list[Change]:
    names = list(dict.fromkeys([*before, *after]))
    return [
        Change(name, field_label(name), before.get(name, ""), after.get(name, ""))
        for name in names
        if before.get(name, "") != after.get(name, "")
    ]
