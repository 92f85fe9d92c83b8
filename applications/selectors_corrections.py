"""The choices of the agenda's correction form, read as plain values.

A county's final decisions over ten agreement years are thousands of rows; building a model
instance (with its paragraph, meeting and application) and a translated outcome for each,
only to show one line of text per option, was a third of the meeting page's time. Here one
query reads the few columns the label shows and the label is made as `correction_label`
makes it. The posted form (`decision_agenda.correction_add`) still loads the decisions.
"""

from allocations.money import format_kronor

from .forms_decisions import CorrectionForm
from .models import GRANTING, Outcome
from .selectors_decisions import correction_candidates


def correction_choices(*, county) -> list[tuple[str, str]]:
    """(decision id, label) of every final decision the county may correct, newest first;
    the label as `forms_decisions.correction_label` reads it."""
    outcomes = {value: str(label) for value, label in Outcome.choices}
    rows = correction_candidates(county=county).values_list(
        "pk",
        "item__number",
        "item__meeting__held_on",
        "application__case_number",
        "title",
        "outcome",
        "amount",
    )
    choices = []
    for pk, number, held_on, case, title, outcome, amount in rows:
        money = format_kronor(amount) if outcome in GRANTING else ""
        parts = [f"§{number} {held_on:%Y-%m-%d}", case or "", title[:80]]
        parts.append(f"{outcomes[outcome]} {money}".strip())
        choices.append((str(pk), " · ".join(part for part in parts if part)))
    return choices


def correction_form_unbound(*, county) -> CorrectionForm:
    """The empty correction form the meeting page shows. Its field knows the decisions by
    id only: the page renders it; a posted form is built with the decisions themselves."""
    form = CorrectionForm(prefix="correction", candidates=[])
    field = form.fields["corrected"]
    choices = correction_choices(county=county)
    field.objects = {pk: pk for pk, _label in choices}
    field.choices = [("", field.empty_label), *choices]
    return form
