from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.fields import FreeTextLimits
from allocations.models import PriorityCriterion


class CriterionForm(FreeTextLimits, forms.ModelForm):
    class Meta:
        model = PriorityCriterion
        fields = ["rank", "title", "description", "weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weight"].widget.attrs["min"] = 1
        self.fields["rank"].widget.attrs["min"] = 1


# A county ranks a handful of criteria; the bound keeps a forged form count from building
# thousands of forms (Django's own limit is 2 000).
MAX_CRITERIA = 20
CriterionFormSet = forms.modelformset_factory(
    PriorityCriterion,
    form=CriterionForm,
    extra=1,
    can_delete=True,
    max_num=MAX_CRITERIA,
    absolute_max=MAX_CRITERIA,
    validate_max=True,
)
CriterionFormSet.deletion_widget = forms.CheckboxInput
CRITERIA_HELP = _(
    "1 is the highest priority. The weight says how much a criterion's quality score counts."
)
