"""Building a dossier runs the same number of queries however large the case is."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from allocations.models import (
    GrantReportAttachment,
    GrantReportLine,
    GrantUsage,
    Repayment,
    UsageKind,
)
from applications.dossier.archive import dossier_write
from tests.applications.dossier.test_dossier import full_case
from tests.matrix_fixtures import PDF


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_case(seeded, monkeypatch):
    """More attachments, usages, repayments and report lines: the same number of queries."""
    import weasyprint

    from tests.test_authorization_matrix import HtmlAsPdf

    monkeypatch.setattr(weasyprint, "HTML", HtmlAsPdf)  # the layout is not what is counted
    monkeypatch.setattr(weasyprint, "CSS", lambda **kwargs: None)
    grant = full_case(seeded)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            dossier_write(grant_id=grant.pk, target=io.BytesIO())
        return len(captured)

    before = queries()
    report = grant.reports.get()
    for number in range(3):
        GrantUsage.objects.create(
            grant=grant, kind=UsageKind.INVOICED, amount=1, occurred_on=datetime.date(2025, 6, 1)
        )
        Repayment.objects.create(
            county=grant.county,
            focus_area=grant.focus_area,
            amount=1,
            repaid_on=datetime.date(2026, 3, 1),
        )
        GrantReportLine.objects.create(report=report, amount=1, comment=f"Rad {number}")
        extra = GrantReportAttachment(
            report=report,
            original_name=f"bilaga {number}.pdf",
            content_type="application/pdf",
            size=1,
        )
        extra.file.save(f"bilaga-{number}.pdf", ContentFile(PDF))
    assert queries() == before
