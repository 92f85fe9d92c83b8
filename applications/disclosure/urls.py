"""Requests for public records under the county, and the grounds for secrecy: kept
nationally, read by the coordinators from their requests."""

from django.urls import path

from applications.disclosure.views import (
    ground_create_view,
    ground_deactivate_view,
    ground_delete_view,
    ground_edit_view,
    grounds_county,
    grounds_national,
    masked_copy_download,
    masking_add_view,
    masking_remove_view,
    request_create,
    request_deliver_view,
    request_detail,
    request_documents_view,
    request_gather_view,
    requests_overview,
    withholding_decision_download,
)

PREFIX = "lan/<slug:slug>/utlamnanden/"
GROUNDS = "nationellt/sekretessgrunder/"

urlpatterns = [
    path(PREFIX, requests_overview, name="disclosure_requests"),
    path(f"{PREFIX}ny/", request_create, name="disclosure_request_create"),
    path(f"{PREFIX}<int:pk>/", request_detail, name="disclosure_request"),
    path(f"{PREFIX}<int:pk>/sammanstall/", request_gather_view, name="disclosure_gather"),
    path(f"{PREFIX}<int:pk>/maskera/", masking_add_view, name="disclosure_masking_add"),
    path(
        f"{PREFIX}<int:pk>/maskera/<int:masking_pk>/ta-bort/",
        masking_remove_view,
        name="disclosure_masking_remove",
    ),
    path(f"{PREFIX}<int:pk>/dokument/", request_documents_view, name="disclosure_documents"),
    path(f"{PREFIX}<int:pk>/lamna-ut/", request_deliver_view, name="disclosure_deliver"),
    path(f"{PREFIX}<int:pk>/kopia.pdf", masked_copy_download, name="disclosure_masked_copy"),
    path(
        f"{PREFIX}<int:pk>/beslut.pdf",
        withholding_decision_download,
        name="disclosure_withholding_decision",
    ),
    path(f"{PREFIX}sekretessgrunder/", grounds_county, name="disclosure_grounds_county"),
    path(GROUNDS, grounds_national, name="disclosure_grounds"),
    path(f"{GROUNDS}ny/", ground_create_view, name="disclosure_ground_create"),
    path(f"{GROUNDS}<int:pk>/", ground_edit_view, name="disclosure_ground_edit"),
    path(
        f"{GROUNDS}<int:pk>/avaktivera/",
        ground_deactivate_view,
        name="disclosure_ground_deactivate",
    ),
    path(f"{GROUNDS}<int:pk>/ta-bort/", ground_delete_view, name="disclosure_ground_delete"),
]
