"""Who is told of an application's events, through `reporting.notifications`: the county's
coordinators of a submission, the applicant's people (and its contact person) of a request
for completion and of a decision. Each person's choice of delivery is honoured there."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from applications.models import Application
from reporting.models import NotificationKind
from reporting.notifications.selectors import applicants_of, people_of
from reporting.notifications.services import notify


def applicant_people(application: Application) -> list:
    """The people acting for the application's organisation in its county, and its author."""
    people = list(applicants_of(county=application.county, organisation=application.organisation))
    author = application.created_by
    if author is not None and all(p.pk != author.pk for p in people):
        people.append(author)
    return people


def application_link(application: Application) -> str:
    return reverse("applications:application_detail", args=[application.pk])


def submitted_notify(*, application: Application, version: int = 1) -> dict[str, int]:
    """Tell the county's coordinators that the application (or its completion, version 2
    and later) was submitted; the applicant has its receipt."""
    values = {
        "number": application.case_number,
        "title": application.title,
        "organisation": application.organisation.name,
    }
    with translation.override(settings.LANGUAGE_CODE):
        if version > 1:
            subject = _("Completion submitted: %(number)s %(title)s") % values
            body = _("%(organisation)s submitted a completion of application %(number)s.") % values
        else:
            subject = _("Application submitted: %(number)s %(title)s") % values
            body = _("%(organisation)s submitted application %(number)s, %(title)s.") % values
    return notify(
        kind=NotificationKind.SUBMITTED,
        users=people_of(county=application.county),
        subject=subject,
        body=body,
        link=application_link(application),
        county=application.county,
        related=application,
        key=f"submitted:{application.pk}:{version}",
    )


def case_notify(
    *, kind: NotificationKind, application: Application, subject: str, body: str, related, key: str
) -> dict[str, int]:
    """Tell the applicant's people of an event in their case, as each chose; the contact
    person without an account (and those who chose e-mail at once) get one e-mail."""
    return notify(
        kind=kind,
        users=applicant_people(application),
        subject=subject,
        body=body,
        link=application_link(application),
        county=application.county,
        related=related,
        key=key,
        case_addresses=[application.contact_email],
    )
