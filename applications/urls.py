from django.urls import path

from .views import applicant, calls, staff

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
from .views import attachments, documents, register  # noqa: E402

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
    path("ansokningar/<int:pk>/utskrift/", documents.application_print, name="application_print"),
    path("ansokningar/<int:pk>/pdf/", documents.application_pdf, name="application_pdf"),
]

# review routes (formal check, rounds, assessments)
from .views import review_assess, review_check, review_rounds  # noqa: E402

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
from .views import review_meetings, review_overview  # noqa: E402

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
