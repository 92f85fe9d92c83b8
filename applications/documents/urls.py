from django.urls import path

from applications.documents import views as decision_documents

urlpatterns = [
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
