from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from .models import ProblemReport


def problem_report_create(
    *,
    description: str,
    page_url: str = "",
    email: str = "",
    reporter: AbstractBaseUser | AnonymousUser | None = None,
) -> ProblemReport:
    """Record an accessibility problem and, after commit, forward it by e-mail."""
    from .tasks import problem_report_forward

    with transaction.atomic():
        report = ProblemReport.objects.create(
            description=description,
            page_url=page_url,
            email=email,
            reporter=reporter if reporter is not None and reporter.is_authenticated else None,
        )
        transaction.on_commit(lambda: problem_report_forward.delay(report.pk))
    return report
