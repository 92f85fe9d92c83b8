from django.contrib import admin

from .models import (
    Agreement,
    County,
    CountyAllocation,
    FocusArea,
    FocusAreaCondition,
    Membership,
    Organisation,
    PriorityCriterion,
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
    list_display = ["number", "name", "agreement", "has_county_joint_funds"]
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
    list_display = ["name", "kind", "county", "organisation_number"]
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
