from django.contrib import admin

from .models import ProblemReport


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "email", "forwarded_at"]
    readonly_fields = ["created_at", "reporter", "forwarded_at"]
