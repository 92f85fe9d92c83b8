from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from allocations.distribution.arithmetic import DistributionError
from allocations.distribution.services import distribution_key_save_result
from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    CountyYearTotal,
    DistributionKey,
    DistributionResultLine,
    FocusArea,
    FocusAreaCondition,
    GrantReport,
    GrantUsage,
    Membership,
    Organisation,
    PriorityCriterion,
    Reallocation,
    Repayment,
    Requisition,
    SubArea,
)


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    fields = ["number", "name", "recipients", "has_county_joint_funds"]
    extra = 0
    show_change_link = True


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "national_total", "requisition_deadline", "repayment_deadline"]
    inlines = [FocusAreaInline]


class ConditionInline(admin.TabularInline):
    model = FocusAreaCondition
    extra = 1


class SubAreaInline(admin.TabularInline):
    model = SubArea
    extra = 0


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "short_name", "agreement", "has_county_joint_funds"]
    list_filter = ["agreement", "has_county_joint_funds"]
    search_fields = ["name"]
    list_select_related = ["agreement"]
    inlines = [SubAreaInline, ConditionInline]


class CountyAllocationInline(admin.TabularInline):
    model = CountyAllocation
    extra = 0
    autocomplete_fields = ["focus_area"]


class PriorityCriterionInline(admin.TabularInline):
    model = PriorityCriterion
    extra = 0


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "administering_organisation", "decision_body_name"]
    list_select_related = ["administering_organisation"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CountyAllocationInline, PriorityCriterionInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field = form.base_fields.get("administering_organisation")
        if field is not None:
            field.queryset = (
                Organisation.objects.filter(county=obj) if obj else Organisation.objects.none()
            )
        return form


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "county", "organisation_number", "population"]
    list_filter = ["county", "kind"]
    list_select_related = ["county"]
    search_fields = ["name", "organisation_number"]
    autocomplete_fields = ["parent"]


@admin.register(CountyAllocation)
class CountyAllocationAdmin(admin.ModelAdmin):
    list_display = ["county", "focus_area", "amount"]
    list_filter = ["county", "focus_area__agreement"]
    list_select_related = ["county", "focus_area__agreement"]


@admin.register(PriorityCriterion)
class PriorityCriterionAdmin(admin.ModelAdmin):
    list_display = ["county", "agreement", "rank", "title"]
    list_filter = ["county", "agreement"]
    list_select_related = ["county", "agreement"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "county", "role", "organisation"]
    list_filter = ["county", "role"]
    list_select_related = ["user", "county", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(CountyYearTotal)
class CountyYearTotalAdmin(admin.ModelAdmin):
    list_display = ["county", "agreement", "amount"]
    list_filter = ["county", "agreement"]
    list_select_related = ["county", "agreement"]


class DistributionResultLineInline(admin.TabularInline):
    model = DistributionResultLine
    fields = ["position", "recipient", "organisation", "county", "amount", "trace"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DistributionKey)
class DistributionKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "focus_area", "total_amount", "result_saved_at"]
    list_filter = ["agreement", "county"]
    list_select_related = ["county", "focus_area"]
    readonly_fields = ["created_by", "created_at", "result_saved_at", "result_saved_by"]
    autocomplete_fields = ["focus_area"]
    inlines = [DistributionResultLineInline]
    actions = ["save_result"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Compute and save the result"))
    def save_result(self, request, queryset) -> None:
        saved = 0
        for key in queryset.select_related("focus_area"):
            try:
                distribution_key_save_result(key=key, user=request.user)
            except DistributionError as exc:
                self.message_user(request, f"{key}: {exc}", messages.ERROR)
            else:
                saved += 1
        if saved:
            self.message_user(
                request,
                _("Results saved: %(count)d.") % {"count": saved},
                messages.SUCCESS,
            )


# --- follow-up facts and reallocations (the budget view) --------------------------------------


class RecordedByAdmin(admin.ModelAdmin):
    """Follow-up facts are recorded here until the follow-up pages exist; who recorded a
    fact is set from the request."""

    readonly_fields = ["recorded_by", "created_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Requisition)
class RequisitionAdmin(RecordedByAdmin):
    list_display = ["county", "focus_area", "amount", "requisitioned_on"]
    list_filter = ["focus_area__agreement", "county"]
    list_select_related = ["county", "focus_area"]


@admin.register(Repayment)
class RepaymentAdmin(RecordedByAdmin):
    list_display = ["county", "focus_area", "amount", "repaid_on"]
    list_filter = ["focus_area__agreement", "county"]
    list_select_related = ["county", "focus_area"]


@admin.register(GrantUsage)
class GrantUsageAdmin(RecordedByAdmin):
    list_display = ["grant", "kind", "amount", "occurred_on"]
    list_filter = ["kind", "grant__county"]
    list_select_related = ["grant"]
    raw_id_fields = ["grant"]


@admin.register(GrantReport)
class GrantReportAdmin(RecordedByAdmin):
    list_display = ["grant", "reported_on", "state"]
    list_filter = ["state", "grant__county"]
    list_select_related = ["grant"]
    raw_id_fields = ["grant"]


@admin.register(Reallocation)
class ReallocationAdmin(admin.ModelAdmin):
    """Read only: a reallocation is recorded on the budget page, where it is checked
    against what is left undecided under the allocations' locks."""

    list_display = ["county", "agreement", "from_focus_area", "to_focus_area", "amount"]
    list_filter = ["agreement", "county"]
    list_select_related = ["county", "agreement", "from_focus_area", "to_focus_area"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
