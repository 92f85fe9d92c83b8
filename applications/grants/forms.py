"""The choice of the grant a continuation continues."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from allocations.money import format_kronor
from applications.grants.selectors import continuable_grants, grants_to_continue
from applications.models import Application, ApplicationKind, Grant


class ContinuedGrantField(forms.ModelChoiceField):
    """Offers the organisation's grants of earlier years; a posted grant is looked up among
    all the county's standing grants, so a grant of another organisation or of the call's own
    year gets its own message (`continued_grant_problem`) instead of a generic one."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", Grant.objects.none())
        kwargs.setdefault("label", _("Continues the grant"))
        super().__init__(**kwargs)
        self.lookup = Grant.objects.none()

    def set_application(self, application: Application, year: int) -> None:
        organisation = application.organisation
        self.queryset = grants_to_continue(organisation=organisation, before_year=year)
        self.lookup = continuable_grants(county=organisation.county)

    def label_from_instance(self, grant: Grant) -> str:
        return f"{grant.focus_area.agreement.year} · {grant.title} · {format_kronor(grant.amount)}"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.lookup.get(pk=int(str(value)))
        except (ValueError, TypeError, Grant.DoesNotExist):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


def continued_grant_problem(
    *, kind: str, organisation_id: int, year: int, grant: Grant | None
) -> str:
    """What is wrong with the grant an application of `organisation_id` in a call of `year`
    continues ("" when nothing; only a continuation continues a grant)."""
    if kind != ApplicationKind.CONTINUATION:
        return ""
    if grant is None:
        return str(_("Choose the grant that the intervention continues."))
    if grant.responsible_organisation_id != organisation_id:
        return str(_("Choose a grant of your own organisation."))
    if grant.focus_area.agreement.year >= year:
        return str(
            _("Choose a grant of a year before the call's year (%(year)s).") % {"year": year}
        )
    return ""
