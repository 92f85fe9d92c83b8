"""The national administrator's pages: agreement years, SKR's allocations and the counties."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from allocations.agreements.selectors import agreement_get, require_national_administrator
from allocations.national.forms import (
    AgreementCopyForm,
    AgreementCreateForm,
    AgreementEditor,
    AllocationSaveForm,
    AllocationUploadForm,
    CountyForm,
)
from allocations.national.selectors import (
    agreement_for_edit,
    agreement_years,
    allocation_import_parse,
    counties_national,
    county_get,
)
from allocations.national.services.agreements import (
    agreement_copy,
    agreement_create,
    agreement_save,
)
from allocations.national.services.allocations import allocation_import_save
from allocations.national.services.common import NationalError
from allocations.national.services.counties import county_create, county_update


def _refused(form, error: NationalError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_GET
def national_home(request: HttpRequest) -> HttpResponse:
    """The agreement years with what the counties were allocated, and the counties."""
    require_national_administrator(user=request.user)
    return render(
        request,
        "allocations/national/home.html",
        {"years": agreement_years(), "counties": counties_national()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create_view(request: HttpRequest) -> HttpResponse:
    require_national_administrator(user=request.user)
    form = AgreementCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreement_create(**form.cleaned_data, by=request.user)
        except NationalError as exc:
            _refused(form, exc)
        else:
            messages.success(
                request, _("The agreement year %(year)s was created.") % {"year": agreement.year}
            )
            return redirect("allocations:agreement_edit", year=agreement.year)
    return render(
        request,
        "allocations/national/agreement_create.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_copy_view(request: HttpRequest, year: int) -> HttpResponse:
    """The next agreement year made from this one: the new year asked for, then copied."""
    require_national_administrator(user=request.user)
    source = agreement_get(year=year)
    form = AgreementCopyForm(request.POST or None, initial={"year": source.year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreement_copy(
                source=source, year=form.cleaned_data["year"], by=request.user
            )
        except NationalError as exc:
            _refused(form, exc)
        else:
            messages.success(
                request,
                _("The agreement year %(year)s was made from %(source)s.")
                % {"year": agreement.year, "source": source.year},
            )
            return redirect("allocations:agreement_edit", year=agreement.year)
    return render(
        request,
        "allocations/national/agreement_copy.html",
        {"form": form, "source": source},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, year: int) -> HttpResponse:
    """The agreement's fields and its focus areas with their conditions and sub-areas."""
    require_national_administrator(user=request.user)
    agreement = agreement_for_edit(year=year)
    editor = AgreementEditor(agreement, request.POST or None)
    error = ""
    if request.method == "POST" and editor.is_valid():
        fields, areas = editor.changes()
        try:
            agreement_save(agreement=agreement, fields=fields, areas=areas, by=request.user)
        except NationalError as exc:
            error = exc.message
        else:
            messages.success(request, _("The agreement year %(year)s was saved.") % {"year": year})
            return redirect("allocations:agreement_edit", year=year)
    return render(
        request,
        "allocations/national/agreement_edit.html",
        {"agreement": agreement, "editor": editor, "error": error},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocation_import(request: HttpRequest, year: int) -> HttpResponse:
    """SKR's table of the counties' allocations: uploaded and previewed, then saved."""
    require_national_administrator(user=request.user)
    agreement = agreement_get(year=year)
    upload = AllocationUploadForm()
    parsed, save_form, status = None, None, 200
    if request.method == "POST" and request.POST.get("action") == "save":
        save_form = AllocationSaveForm(request.POST)
        if save_form.is_valid():
            parsed = allocation_import_parse(agreement=agreement, **save_form.cleaned_data)
            if parsed.is_valid:
                try:
                    count = allocation_import_save(
                        agreement=agreement, rows=parsed.rows, by=request.user
                    )
                except NationalError as exc:
                    parsed.errors.append(exc.message)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s allocation of %(year)s was saved.",
                            "%(count)s allocations of %(year)s were saved.",
                            count,
                        )
                        % {"count": count, "year": agreement.year},
                    )
                    return redirect("allocations:national_home")
        status = 400
    elif request.method == "POST":
        upload = AllocationUploadForm(request.POST, request.FILES)
        status = 400
        if upload.is_valid():
            file = upload.cleaned_data["file"]
            content = file.read()
            parsed = allocation_import_parse(
                agreement=agreement, content=content, filename=file.name
            )
            if parsed.is_valid:
                status = 200
                save_form = AllocationSaveForm(
                    initial=AllocationSaveForm.initial_for(content, file.name)
                )
    return render(
        request,
        "allocations/national/allocation_import.html",
        {"agreement": agreement, "upload": upload, "parsed": parsed, "save_form": save_form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def county_create_view(request: HttpRequest) -> HttpResponse:
    require_national_administrator(user=request.user)
    form = CountyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            county = county_create(**form.cleaned_data, by=request.user)
        except NationalError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The county %(name)s was created.") % {"name": county.name})
            return redirect("allocations:national_home")
    return render(
        request,
        "allocations/national/county_form.html",
        {"form": form, "county": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def county_edit(request: HttpRequest, slug: str) -> HttpResponse:
    require_national_administrator(user=request.user)
    county = county_get(slug=slug)
    form = CountyForm(request.POST or None, initial=CountyForm.initial_of(county))
    if request.method == "POST" and form.is_valid():
        try:
            county = county_update(county=county, **form.cleaned_data, by=request.user)
        except NationalError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The county %(name)s was saved.") % {"name": county.name})
            return redirect("allocations:national_home")
    return render(
        request,
        "allocations/national/county_form.html",
        {"form": form, "county": county},
        status=400 if form.errors else 200,
    )
