from django.urls import path

from applications.views import applicant, calls, staff

app_name = "applications"

urlpatterns = [
    path("utlysningar/", calls.call_list, name="call_list"),
    path("utlysningar/<int:pk>/", calls.call_detail, name="call_detail"),
    path("utlysningar/<int:pk>/ansok/", calls.application_start_view, name="application_start"),
    path("lan/<slug:slug>/utlysningar/ny/", calls.call_edit, name="call_create"),
    path("lan/<slug:slug>/utlysningar/<int:pk>/andra/", calls.call_edit, name="call_edit"),
    path("ansokningar/", applicant.my_applications, name="my_applications"),
    path("ansokningar/<int:pk>/", applicant.application_detail, name="application_detail"),
    path("ansokningar/<int:pk>/redigera/", applicant.application_edit, name="application_edit"),
    path("ansokningar/<int:pk>/autospara/", applicant.application_autosave, name="autosave"),
    path("ansokningar/<int:pk>/aterkalla/", applicant.application_withdraw_view, name="withdraw"),
    path("ansokningar/<int:pk>/versioner/", applicant.application_versions, name="versions"),
    path(
        "ansokningar/<int:pk>/komplettering/",
        staff.completion_request_view,
        name="completion_request",
    ),
    path("lan/<slug:slug>/ansokningar/", staff.county_applications, name="county_applications"),
]

# Attachments, register (diarium) and documents (PDF, print) are added below.
# helper routes
from applications.views import attachments, documents, register  # noqa: E402

urlpatterns += [
    path("ansokningar/<int:pk>/bilagor/", attachments.attachment_add_view, name="attachment_add"),
    path(
        "ansokningar/<int:pk>/bilagor/<int:attachment_pk>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path(
        "ansokningar/<int:pk>/bilagor/<int:attachment_pk>/ta-bort/",
        attachments.attachment_delete_view,
        name="attachment_delete",
    ),
    path("lan/<slug:slug>/diarium/", register.register, name="register"),
    path(
        "lan/<slug:slug>/diarium/<int:pk>/handlaggare/",
        register.register_officer,
        name="register_officer",
    ),
    path("ansokningar/<int:pk>/utskrift/", documents.application_print, name="application_print"),
    path("ansokningar/<int:pk>/pdf/", documents.application_pdf, name="application_pdf"),
]

# review routes (formal check, rounds, assessments)
from applications.views import review_assess, review_check, review_rounds  # noqa: E402

urlpatterns += [
    path(
        "ansokningar/<int:pk>/formell-kontroll/",
        review_check.formal_check,
        name="formal_check",
    ),
    path("lan/<slug:slug>/beredning/", review_assess.review_list, name="review_list"),
    path(
        "lan/<slug:slug>/beredning/omgangar/ny/",
        review_rounds.review_round_create,
        name="review_round_create",
    ),
    path(
        "lan/<slug:slug>/beredning/omgangar/<int:pk>/",
        review_rounds.review_round_detail,
        name="review_round_detail",
    ),
    path("beredning/ansokningar/<int:pk>/", review_assess.assess, name="assess"),
    path(
        "beredning/ansokningar/<int:pk>/bedomningar/",
        review_assess.assessments,
        name="assessments",
    ),
]

# review routes (overview, meetings, proposals)
from applications.views import review_meetings, review_overview  # noqa: E402

urlpatterns += [
    path(
        "lan/<slug:slug>/beredning/oversikt/",
        review_overview.review_overview_view,
        name="review_overview",
    ),
    path(
        "lan/<slug:slug>/beredning/moten/ny/",
        review_meetings.review_meeting_create_view,
        name="review_meeting_create",
    ),
    path(
        "lan/<slug:slug>/beredning/moten/<int:pk>/",
        review_meetings.review_meeting_view,
        name="review_meeting",
    ),
    path(
        "lan/<slug:slug>/beredning/moten/<int:pk>/forslag/<int:application_pk>/",
        review_meetings.proposal_adopt_view,
        name="proposal_adopt",
    ),
    path(
        "lan/<slug:slug>/beredning/moten/<int:pk>/forslag.xlsx",
        review_meetings.proposals_xlsx,
        name="proposals_xlsx",
    ),
    path(
        "lan/<slug:slug>/beredning/moten/<int:pk>/forslag-<int:area>.pdf",
        review_meetings.proposals_pdf,
        name="proposals_pdf",
    ),
]

# --- decision meetings (helper A) ---
from applications.views import decision_agenda, decision_line, decision_meetings, decision_reasons, decision_rulings

urlpatterns += [
    path(
        "lan/<slug:slug>/beslut/sammantraden/",
        decision_meetings.meeting_list,
        name="decision_meetings",
    ),
    path(
        "lan/<slug:slug>/beslut/sammantraden/nytt/",
        decision_meetings.meeting_create_view,
        name="decision_meeting_create",
    ),
    path(
        "lan/<slug:slug>/beslut/sammantraden/<int:pk>/",
        decision_meetings.meeting_view,
        name="decision_meeting",
    ),
    path(
        "lan/<slug:slug>/beslut/sammantraden/<int:pk>/andra/",
        decision_meetings.meeting_edit_view,
        name="decision_meeting_edit",
    ),
    path(
        "lan/<slug:slug>/beslut/sammantraden/<int:pk>/stang/",
        decision_meetings.meeting_close_view,
        name="decision_meeting_close",
    ),
    path(
        "lan/<slug:slug>/beslut/sammantraden/<int:pk>/justera/",
        decision_meetings.minutes_approve_view,
        name="decision_minutes_approve",
    ),
    path(
        "lan/<slug:slug>/beslut/sammantraden/<int:pk>/forslag/",
        decision_agenda.proposals_add_view,
        name="decision_proposals_add",
    ),
    path(
        "lan/<slug:slug>/beslut/sammantraden/<int:pk>/paragraf/",
        decision_agenda.item_add_view,
        name="decision_item_add",
    ),
    path(
        "lan/<slug:slug>/beslut/sammantraden/<int:pk>/rattelse/",
        decision_agenda.correction_add_view,
        name="decision_correction_add",
    ),
    # pk: the paragraph (AgendaItem)
    path(
        "lan/<slug:slug>/beslut/paragrafer/<int:pk>/besluta/",
        decision_rulings.item_adopt_view,
        name="decision_item_adopt",
    ),
    path(
        "lan/<slug:slug>/beslut/paragrafer/<int:pk>/ny-rad/",
        decision_agenda.line_add_view,
        name="decision_line_add",
    ),
    # pk: the line (Decision)
    path(
        "lan/<slug:slug>/beslut/rader/<int:pk>/",
        decision_line.line_view,
        name="decision_line",
    ),
    path(
        "lan/<slug:slug>/beslut/rader/<int:pk>/beslut/",
        decision_rulings.line_decide_view,
        name="decision_line_decide",
    ),
    path(
        "lan/<slug:slug>/beslut/rader/<int:pk>/organisation/",
        decision_agenda.line_organisation_view,
        name="decision_line_organisation",
    ),
    path(
        "lan/<slug:slug>/beslut/rader/<int:pk>/jav/",
        decision_agenda.not_participating_view,
        name="decision_not_participating",
    ),
    path(
        "lan/<slug:slug>/beslut/avslagsskal/",
        decision_reasons.reasons_view,
        name="rejection_reasons",
    ),
    path(
        "lan/<slug:slug>/beslut/avslagsskal/standardtexter/",
        decision_reasons.reasons_defaults_view,
        name="rejection_reasons_defaults",
    ),
    path(
        "lan/<slug:slug>/beslut/avslagsskal/<int:pk>/",
        decision_reasons.reason_edit_view,
        name="rejection_reason_edit",
    ),
    path(
        "lan/<slug:slug>/beslut/avslagsskal/<int:pk>/anvands/",
        decision_reasons.reason_active_view,
        name="rejection_reason_active",
    ),
]
# --- end decision meetings ---

# --- decision documents (helper B) ---
from applications.views import decision_documents  # noqa: E402

urlpatterns += [
    path(
        "lan/<slug:slug>/beslut/sammantraden/<int:pk>/handlingar/",
        decision_documents.documents_status,
        name="decision_documents_status",
    ),
    path(
        "lan/<slug:slug>/beslut/sammantraden/<int:pk>/handlingar/ny/",
        decision_documents.document_request_view,
        name="decision_document_request",
    ),
    path(
        "lan/<slug:slug>/beslut/handlingar/<int:pk>/forsok-igen/",
        decision_documents.document_retry_view,
        name="decision_document_retry",
    ),
    path(
        "lan/<slug:slug>/beslut/handlingar/<int:pk>.pdf",
        decision_documents.document_download,
        name="decision_document_download",
    ),
]
# --- end decision documents ---

# the audit trail: a county's log for its coordinator
from applications.views import audit  # noqa: E402

urlpatterns += [
    path("lan/<slug:slug>/logg.csv", audit.county_log_csv, name="county_log"),
    path("lan/<slug:slug>/bidrag/<int:pk>/historik/", audit.grant_history, name="grant_history"),
]

from applications import urls_dossier  # noqa: E402

urlpatterns += urls_dossier.urlpatterns
