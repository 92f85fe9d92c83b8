from django.contrib import admin

from .models import ExportJob, ProblemReport


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "email", "forwarded_at"]
    readonly_fields = ["created_at", "reporter", "forwarded_at"]


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["requested_at", "kind", "format", "state", "progress", "requested_by"]
    list_filter = ["state", "kind"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
