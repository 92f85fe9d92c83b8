from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ExportJob, OutboxMessage, ProblemReport
from .outbox import outbox_resend


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "email", "forwarded_at"]
    readonly_fields = ["created_at", "reporter", "forwarded_at"]


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["requested_at", "kind", "format", "state", "progress", "requested_by"]
    list_filter = ["state", "kind"]
    # Private files have no URL: the admin would fail to render a link to them.
    exclude = ["file"]
    readonly_fields = [f.name for f in ExportJob._meta.fields if f.name != "file"]

    def has_add_permission(self, request) -> bool:
        return False


class OutboxStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", _("Waiting for the broker")), ("failed", _("Failed"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(enqueued_at__isnull=True, failed_at__isnull=True)
        if self.value() == "failed":
            return queryset.filter(failed_at__isnull=False)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Background tasks: those waiting for the broker and those that failed (with the
    error, e.g. a mail server refusing), which can be sent again."""

    list_display = ["created_at", "task", "args", "enqueued_at", "attempts", "failed_at"]
    list_filter = [OutboxStateFilter, "task"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send again"))
    def resend(self, request, queryset) -> None:
        for message in queryset:
            outbox_resend(message=message)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d task goes again with the next sweep (within a minute).",
                "%(count)d tasks go again with the next sweep (within a minute).",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
