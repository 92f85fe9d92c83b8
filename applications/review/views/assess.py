"""The review group's pages: what I assess, the jäv declaration, the assessment form and
the group's assessments (hidden until one's own is submitted, never shown with a conflict)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from allocations.agreements.selectors import county_for_user
from allocations.models import Role
from applications.applying.permissions import may_open_in_review, roles_in_county
from applications.applying.selectors import application_for_user
from applications.errors import ApplicationError, ApplicationIncomplete
from applications.grants.interventions import intervention_history
from applications.models import Application, ReviewRound, Status
from applications.review.forms.assessment import AssessmentForm, ConflictDeclarationForm
from applications.review.permissions import is_review_staff, may_see_assessments
from applications.review.selectors.assessment import (
    assessment_tasks,
    criteria_for,
    group_assessments,
    own_assessment,
    review_rounds_of_county,
)
from applications.review.services import (
    assessment_save,
    conflict_declare,
    declaration_of,
    round_for_member,
)


@login_required
@require_GET
def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_user(user=request.user, slug=slug)
    roles = roles_in_county(request.user, county)
    if not roles & {Role.REVIEWER, Role.COORDINATOR}:
        raise PermissionDenied
    is_coordinator = Role.COORDINATOR in roles
    return render(
        request,
        "applications/review/review_list.html",
        {
            "county": county,
            "is_reviewer": Role.REVIEWER in roles,
            "is_coordinator": is_coordinator,
            "tasks": assessment_tasks(member=request.user, county=county)
            if Role.REVIEWER in roles
            else [],
            "rounds": review_rounds_of_county(county=county) if is_coordinator else [],
        },
    )


def _assessed_by_me(request: HttpRequest, pk: int) -> tuple[Application, ReviewRound]:
    """404 when the user may not see the application at all (another county); 403 when
    they may see it but do not assess it in any round."""
    application = application_for_user(user=request.user, pk=pk, allow=may_open_in_review)
    review_round = round_for_member(application, request.user)
    if review_round is None:
        raise PermissionDenied
    return application, review_round


def _declare(
    request: HttpRequest, application: Application, form: ConflictDeclarationForm
) -> HttpResponse | None:
    """Record a declaration from `form`; a redirect when done, None when the form has errors."""
    if not form.is_valid():
        return None
    has_conflict = form.cleaned_data["has_conflict"]
    try:
        conflict_declare(
            application=application,
            member=request.user,
            has_conflict=has_conflict,
            reason=form.cleaned_data["reason"] if has_conflict else "",
        )
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return None
    if has_conflict:
        messages.success(
            request,
            _(
                "Your conflict of interest has been recorded. You take no part in the review "
                "of this application."
            ),
        )
        return redirect("applications:review_list", slug=application.county.slug)
    messages.success(request, _("Your declaration has been recorded."))
    return redirect("applications:assess", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    application, review_round = _assessed_by_me(request, pk)
    declaration = declaration_of(application, request.user)
    if declaration is not None and declaration.has_conflict:
        raise PermissionDenied
    if declaration is None:
        # Only what is needed to judge a conflict of interest, not the content.
        form = ConflictDeclarationForm(request.POST or None)
        if request.method == "POST":
            done = _declare(request, application, form)
            if done is not None:
                return done
        return render(
            request,
            "applications/review/declare.html",
            {"application": application, "review_round": review_round, "form": form},
            status=400 if request.method == "POST" else 200,
        )

    conflict_form = ConflictDeclarationForm(initial={"has_conflict": "yes"})
    assessment = own_assessment(application=application, member=request.user)
    editable = application.status == Status.IN_REVIEW and not (
        assessment is not None and assessment.is_submitted
    )
    criteria = criteria_for(application)
    form = AssessmentForm(application=application, criteria=criteria, assessment=assessment)
    general_errors: list[str] = []
    status = 200
    if request.method == "POST" and "declare" in request.POST:
        conflict_form = ConflictDeclarationForm(request.POST)
        done = _declare(request, application, conflict_form)
        if done is not None:
            return done
        status = 400
    elif request.method == "POST":
        status = 400
        form = AssessmentForm(
            request.POST, application=application, criteria=criteria, assessment=assessment
        )
        if not editable:
            messages.error(request, _("The assessment can no longer be changed."))
        elif not form.is_valid():
            messages.error(request, _("Correct the marked fields. Nothing has been saved."))
        else:
            submit = "submit" in request.POST
            try:
                saved = assessment_save(
                    application=application,
                    member=request.user,
                    values=form.values(),
                    criteria=form.criteria_values(),
                )
                if submit:
                    saved = assessment_save(
                        application=application,
                        member=request.user,
                        values=form.values(),
                        criteria=form.criteria_values(),
                        submit=True,
                    )
            except ApplicationIncomplete as exc:
                general_errors = form.add_problems(exc.problems)
                messages.error(
                    request,
                    _(
                        "The draft has been saved, but the assessment cannot be submitted "
                        "yet: see the marked fields."
                    )
                    if submit and "recommended_amount" not in exc.problems
                    else _("Correct the marked fields. Nothing has been saved."),
                )
            except ApplicationError as exc:
                general_errors = [exc.message]
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Your assessment has been submitted.")
                    if saved.is_submitted
                    else _("Your draft assessment has been saved."),
                )
                return redirect("applications:assess", pk=application.pk)
    group = (
        group_assessments(application=application)
        if may_see_assessments(request.user, application)
        else None
    )
    return render(
        request,
        "applications/review/assess.html",
        {
            "application": application,
            "review_round": review_round,
            "assessment": assessment,
            "editable": editable,
            "form": form,
            "summary": form.summary(),
            "general_errors": general_errors,
            "conflict_form": conflict_form,
            "group": group,
            "show_internal": True,
            "intervention": intervention_history(application=application),
        },
        status=status,
    )


@login_required
@require_GET
def assessments(request: HttpRequest, pk: int) -> HttpResponse:
    """The group's submitted assessments of one application."""
    application = application_for_user(user=request.user, pk=pk, allow=may_open_in_review)
    if not may_see_assessments(request.user, application):
        raise PermissionDenied
    return render(
        request,
        "applications/review/assessments.html",
        {
            "application": application,
            "group": group_assessments(application=application),
            "show_internal": is_review_staff(request.user, application.county_id),
        },
    )
