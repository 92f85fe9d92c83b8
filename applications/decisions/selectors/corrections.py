"""The choices of the agenda's correction form, read as plain values.

A county's final decisions over ten agreement years are thousands of rows: offering them
all in one select made the meeting page heavy and the list unusable. The correction page
searches them (`correction_search`) and offers the matches; one query reads the few columns
the label shows and the label is made as `correction_label` makes it. The posted form
(`decision_agenda.correction_add`) loads the one decision posted.
"""

from django.db.models import Q, QuerySet

from allocations.money import format_kronor
from applications.decisions.forms.meetings import CorrectionForm
from applications.decisions.selectors.meetings import correction_candidates
from applications.models import GRANTING, Decision, Outcome

SEARCH_LIMIT = 50


def correction_search(*, county, query: str) -> QuerySet[Decision]:
    """The county's correctable decisions matching `query`: a case number or words of the
    intervention, a paragraph ("§12" or "12") or the year of the meeting; the newest
    `SEARCH_LIMIT`. An empty query matches nothing (the county has thousands)."""
    query = query.strip()[:100]
    if not query:
        return Decision.objects.none()
    match = Q(application__case_number__icontains=query) | Q(title__icontains=query)
    number = query.removeprefix("§").strip()
    if number.isdigit() and len(number) <= 9:
        match |= Q(item__number=int(number)) | Q(item__meeting__held_on__year=int(number))
    return correction_candidates(county=county).filter(match)


def correction_choices(*, county, query: str) -> list[tuple[str, str]]:
    """(decision id, label) of the final decisions the county may correct that match
    `query`, newest first; the label as `forms_decisions.correction_label` reads it."""
    outcomes = {value: str(label) for value, label in Outcome.choices}
    rows = correction_search(county=county, query=query)[:SEARCH_LIMIT].values_list(
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


def correction_form_unbound(*, county, query: str) -> CorrectionForm:
    """The empty correction form of the correction page, offering the decisions matching
    `query`. Its field knows the decisions by id only: the page renders it; a posted form
    is built with the decision posted (`correction_posted`)."""
    form = CorrectionForm(prefix="correction", candidates=[])
    field = form.fields["corrected"]
    choices = correction_choices(county=county, query=query)
    field.objects = {pk: pk for pk, _label in choices}
    field.choices = [("", field.empty_label), *choices]
    return form


def correction_posted(*, county, value: str) -> list[Decision]:
    """The decision a posted correction form names, if the county may correct it: the form
    validates against it alone rather than the county's thousands."""
    if not value.isdigit() or len(value) > 18:
        return []
    return list(correction_candidates(county=county).filter(pk=int(value)))
