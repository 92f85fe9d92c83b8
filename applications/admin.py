"""Admin: calls are edited here too; applications and their records are read-only, since
they change only through the services (transitions, history, register)."""

from django.contrib import admin

from applications.models import (
    AgendaItem,
    Application,
    Assessment,
    Call,
    ConflictDeclaration,
    Decision,
    DecisionMeeting,
    GeneratedDocument,
    Grant,
    NeedArea,
    Proposal,
    RegisterEntry,
    ReviewRound,
    SecrecyGround,
    StatusChange,
)


class NeedAreaInline(admin.TabularInline):
    model = NeedArea
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "county", "agreement", "opens_at", "closes_at"]
    list_filter = ["county", "agreement"]
    list_select_related = ["county", "agreement"]
    filter_horizontal = ["focus_areas", "sub_areas"]
    inlines = [NeedAreaInline]


@admin.register(SecrecyGround)
class SecrecyGroundAdmin(admin.ModelAdmin):
    """The provisions of OSL a masking may rest on; taken out of use, never deleted."""

    list_display = ["code", "description", "active"]
    list_filter = ["active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["case_number", "title", "organisation", "status", "amount_requested"]
    list_filter = ["county", "status"]
    list_select_related = ["organisation"]
    search_fields = ["case_number", "title", "organisation__name"]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["application", "from_status", "to_status", "by", "at"]
    list_select_related = ["application", "by"]


@admin.register(RegisterEntry)
class RegisterEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "case_number", "kind", "sender", "county"]
    list_filter = ["county", "kind"]
    list_select_related = ["county"]


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    list_display = ["call", "due_date", "assess_all", "opened_at"]
    list_select_related = ["call"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["application", "member", "has_conflict", "declared_at"]
    list_select_related = ["application", "member"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "member", "category", "recommendation", "submitted_at"]
    list_select_related = ["application", "member"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["application", "amount", "meeting", "adopted_at"]
    list_select_related = ["application", "meeting"]


class DecisionInline(admin.TabularInline):
    model = Decision
    fields = ["focus_area", "title", "proposed_amount", "outcome", "amount"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DecisionMeeting)
class DecisionMeetingAdmin(ReadOnlyAdmin):
    list_display = ["county", "held_on", "place", "state"]
    list_filter = ["county", "state"]
    list_select_related = ["county"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["number", "heading", "meeting"]
    list_select_related = ["meeting__county"]
    inlines = [DecisionInline]


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ["title", "county", "focus_area", "amount", "handling_organisation"]
    list_filter = ["county"]
    list_select_related = ["county", "focus_area", "handling_organisation"]


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "kind", "version", "state", "requested_by", "requested_at"]
    list_filter = ["kind", "state"]
    list_select_related = ["meeting__county", "requested_by"]
    exclude = ["file"]  # private files have no URL; they download from the meeting page
