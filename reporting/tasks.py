from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import ProblemReport


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def problem_report_forward(report_id: int) -> None:
    """E-mail a problem report to the accessibility contact, once."""
    with transaction.atomic():
        report = ProblemReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.forwarded_at is not None:
            return
        send_mail(
            subject=f"Tillgänglighetsproblem rapporterat {report.created_at:%Y-%m-%d}",
            message=(
                f"Sida: {report.page_url or '–'}\n"
                f"Svar till: {report.email or '–'}\n\n{report.description}\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[settings.ACCESSIBILITY_CONTACT_EMAIL],
        )
        report.forwarded_at = timezone.now()
        report.save(update_fields=["forwarded_at"])
