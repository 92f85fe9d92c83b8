"""Adding a case note from the staff's application page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.applying.selectors import application_row_for_user
from applications.applying.views.applicant import detail_context
from applications.casenotes.forms import CaseNoteForm
from applications.casenotes.permissions import may_keep_notes
from applications.casenotes.services import CaseNoteRefused, case_note_add


@login_required
@require_POST
def case_note_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_row_for_user(user=request.user, pk=pk)
    if not may_keep_notes(request.user, application):
        raise PermissionDenied
    form = CaseNoteForm(request.POST)
    if form.is_valid():
        try:
            case_note_add(application=application, author=request.user, **form.cleaned_data)
        except CaseNoteRefused as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, _("The note has been added to the case."))
            url = reverse("applications:application_detail", args=[application.pk])
            return redirect(f"{url}#case-notes")
    context = detail_context(request, application, case_note_form=form)
    return render(request, "applications/detail.html", context, status=400)
