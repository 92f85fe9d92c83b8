"""The admin shows generated documents and export jobs that have a private file."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from allocations.agreements.services import read_seed
from applications.decisions.services.seed import decision_seed_load
from applications.models import DecisionMeeting, DocumentKind, GeneratedDocument, JobState

pytestmark = pytest.mark.django_db


def test_the_admin_page_of_a_generated_document_with_a_file_renders(login, seeded):
    decision_seed_load(data=read_seed("decision_jamtland_2025.toml"))
    document = GeneratedDocument(
        kind=DocumentKind.DECISION_DOCUMENT,
        meeting=DecisionMeeting.objects.get(),
        version=1,
        state=JobState.DONE,
    )
    document.file.save("beslut.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    client = login("admin@lansmedel.demo")
    url = reverse("admin:applications_generateddocument_change", args=[document.pk])
    assert client.get(url).status_code == 200
