from django.urls import path

from applications.applying.views import applicant, attachments, calls, documents, staff

urlpatterns = [
    path("utlysningar/", calls.call_list, name="call_list"),
    path("utlysningar/<int:pk>/", calls.call_detail, name="call_detail"),
    path("utlysningar/<int:pk>/ansok/", calls.application_start_view, name="application_start"),
    path("lan/<slug:slug>/utlysningar/ny/", calls.call_edit, name="call_create"),
    path("lan/<slug:slug>/utlysningar/<int:pk>/andra/", calls.call_edit, name="call_edit"),
    path(
        "lan/<slug:slug>/utlysningar/<int:pk>/publicera/", calls.call_publish, name="call_publish"
    ),
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
    path("ansokningar/<int:pk>/utskrift/", documents.application_print, name="application_print"),
    path("ansokningar/<int:pk>/pdf/", documents.application_pdf, name="application_pdf"),
]
