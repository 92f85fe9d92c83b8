from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reporting.messaging.outbox import outbox_resend
from reporting.models import (
    CalendarFeed,
    Deadline,
    ExportJob,
    MailAttempt,
    NotificationPreference,
    OutboxMessage,
    OutgoingEmail,
    ProblemReport,
    Reminder,
)


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


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["due_on", "title", "county", "kind", "responsible_role", "done_at"]
    list_filter = ["kind", "county", "responsible_role"]
    search_fields = ["title"]
    date_hierarchy = "due_on"
    raw_id_fields = [
        "responsible_user",
        "responsible_organisation",
        "call",
        "completion_request",
        "review_round",
        "grant",
        "done_by",
    ]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["created_at", "deadline", "recipient", "kind", "offset_days", "state"]
    list_filter = ["state", "kind"]
    raw_id_fields = ["deadline", "recipient"]
    readonly_fields = ["created_at", "sent_at", "attempts", "last_error"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "enabled"]
    raw_id_fields = ["user"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at", "last_used_at"]
    raw_id_fields = ["user"]
    readonly_fields = ["token", "created_at", "last_used_at"]


class MailAttemptInline(admin.TabularInline):
    model = MailAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["number", "started_at", "finished_at", "error"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Every e-mail the system sends; those without a county (password reset, problem
    reports) are followed here. The text of account e-mails is never shown (it carries a
    link to set a password)."""

    list_display = ["created_at", "kind", "state", "subject", "county", "attempts", "sent_at"]
    list_filter = ["state", "kind", "county"]
    exclude = ["body", "html"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields if f.name not in {"body", "html"}]
    inlines = [MailAttemptInline]
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send again"))
    def resend(self, request, queryset) -> None:
        from reporting.messaging.mail import MailNotResendable, mail_resend

        sent = 0
        for email in queryset:
            try:
                mail_resend(email=email, by=request.user)
            except MailNotResendable:
                continue
            sent += 1
        self.message_user(
            request,
            ngettext("%(count)d e-mail goes again.", "%(count)d e-mails go again.", sent)
            % {"count": sent},
            messages.SUCCESS,
        )
