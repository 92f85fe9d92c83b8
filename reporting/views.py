from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProblemReportForm
from .services import problem_report_create


@require_http_methods(["GET", "POST"])
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tillgänglighetsredogörelse) and a way to report a problem."""
    form = ProblemReportForm(
        request.POST or None, initial={"page_url": request.GET.get("sida", "")}
    )
    if request.method == "POST" and form.is_valid():
        problem_report_create(reporter=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you. Your report has been sent."))
        return redirect("reporting:accessibility")
    return render(request, "reporting/accessibility.html", {"form": form})
