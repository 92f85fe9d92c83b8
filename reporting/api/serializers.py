"""What each row of the read API says. Amounts are whole kronor (integers), dates ISO 8601;
codes (`status`, `outcome`, `kind`) are stable, their labels follow the request's language."""

from rest_framework import serializers

from allocations.models import GrantUsage, Organisation, Repayment, Requisition
from applications.models import Application, Call, Decision, Grant, Outcome
from reporting.models import Deadline


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "organisation_number"]


class CallSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="agreement.year")
    focus_areas = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = ["id", "title", "year", "opens_at", "closes_at", "min_amount", "max_amount",
                  "focus_areas"]  # fmt: skip

    def get_focus_areas(self, call: Call) -> list[int]:
        return [area.number for area in call.focus_areas.all()]


class ApplicationSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    organisation = OrganisationSerializer()
    call = serializers.IntegerField(source="call_id")
    year = serializers.IntegerField(source="call.agreement.year")
    focus_area = serializers.IntegerField(source="focus_area.number", allow_null=True)
    amount_applied = serializers.IntegerField(source="amount_requested", allow_null=True)
    amount_proposed = serializers.IntegerField(allow_null=True)
    amount_decided = serializers.IntegerField(allow_null=True)
    decision = serializers.IntegerField(source="decision_id", allow_null=True)
    decision_outcome = serializers.ChoiceField(
        choices=[c for c in Outcome.choices if c[0] != Outcome.PENDING], allow_null=True
    )

    class Meta:
        model = Application
        fields = ["id", "case_number", "title", "status", "status_label", "organisation",
                  "call", "year", "focus_area", "submitted_at", "amount_applied",
                  "amount_proposed", "amount_decided", "decision", "decision_outcome"]  # fmt: skip


class DecisionSerializer(serializers.ModelSerializer):
    outcome_label = serializers.CharField(source="get_outcome_display")
    meeting = serializers.IntegerField(source="item.meeting_id")
    meeting_date = serializers.DateField(source="item.meeting.held_on")
    minutes_approved = serializers.BooleanField(source="item.meeting.is_released")
    paragraph = serializers.IntegerField(source="item.number")
    application = serializers.IntegerField(source="application_id", allow_null=True)
    case_number = serializers.CharField(source="application.case_number", allow_null=True)
    year = serializers.IntegerField(source="focus_area.agreement.year")
    focus_area = serializers.IntegerField(source="focus_area.number")
    sub_area = serializers.CharField(source="sub_area.name", allow_null=True)
    responsible_organisation = OrganisationSerializer()
    handling_organisation = OrganisationSerializer()
    corrects = serializers.IntegerField(source="corrects_id", allow_null=True)
    corrected_by = serializers.IntegerField(source="corrected_by_final", allow_null=True)

    class Meta:
        model = Decision
        fields = ["id", "meeting", "meeting_date", "minutes_approved", "paragraph",
                  "application", "case_number", "year", "focus_area", "sub_area", "title",
                  "outcome", "outcome_label", "proposed_amount", "amount",
                  "responsible_organisation", "handling_organisation", "handling_note",
                  "corrects", "corrected_by", "decided_at"]  # fmt: skip


class GrantSerializer(serializers.ModelSerializer):
    decision = serializers.IntegerField(source="decision_id")
    application = serializers.IntegerField(source="application_id", allow_null=True)
    year = serializers.IntegerField(source="focus_area.agreement.year")
    focus_area = serializers.IntegerField(source="focus_area.number")
    decided_on = serializers.DateField(source="decision.item.meeting.held_on")
    responsible_organisation = OrganisationSerializer()
    handling_organisation = OrganisationSerializer()
    followup_status = serializers.CharField(source="followup_status.name", allow_null=True)
    invoiced = serializers.IntegerField()
    used = serializers.IntegerField()

    class Meta:
        model = Grant
        fields = ["id", "decision", "application", "year", "focus_area", "decided_on",
                  "title", "amount", "responsible_organisation", "handling_organisation",
                  "handling_note", "project_code", "followup_status", "forecast", "invoiced",
                  "used", "closed_at"]  # fmt: skip


class RequisitionSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="focus_area.agreement.year")
    focus_area = serializers.IntegerField(source="focus_area.number")

    class Meta:
        model = Requisition
        fields = ["id", "year", "focus_area", "amount", "requisitioned_on", "note"]


class GrantUsageSerializer(serializers.ModelSerializer):
    grant = serializers.IntegerField(source="grant_id")
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = GrantUsage
        fields = ["id", "grant", "kind", "kind_label", "amount", "occurred_on", "note"]


class RepaymentSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="focus_area.agreement.year")
    focus_area = serializers.IntegerField(source="focus_area.number")

    class Meta:
        model = Repayment
        fields = ["id", "year", "focus_area", "amount", "repaid_on", "note"]


class DeadlineSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    year = serializers.IntegerField(source="agreement.year", allow_null=True)
    call = serializers.IntegerField(source="call_id", allow_null=True)
    grant = serializers.IntegerField(source="grant_id", allow_null=True)
    done = serializers.BooleanField(source="is_done")

    class Meta:
        model = Deadline
        fields = ["id", "kind", "kind_label", "title", "due_on", "year", "call", "grant",
                  "done", "done_at"]  # fmt: skip
