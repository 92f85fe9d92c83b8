"""The coordinator edits the county's priority criteria for a year."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from allocations.agreements.selectors import user_has_role
from allocations.models import Agreement, County, PriorityCriterion, Role


class CriteriaRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def criteria_save(
    *,
    county: County,
    agreement: Agreement,
    user: AbstractBaseUser,
    rows: list[dict],
    delete_ids: list[int],
) -> list[PriorityCriterion]:
    """Replace the county's criteria for the year with `rows` ({id?, rank, title,
    description, weight}). Ranks must be 1, 2, 3 … without gaps; a criterion already used in
    an assessment cannot be deleted."""
    if not user_has_role(user=user, county=county, roles={Role.COORDINATOR}):
        raise PermissionDenied
    ranks = sorted(row["rank"] for row in rows)
    if ranks != list(range(1, len(rows) + 1)):
        raise CriteriaRefused(_("Number the criteria 1, 2, 3 … in priority order, each once."))
    current = {
        c.pk: c for c in PriorityCriterion.objects.filter(county=county, agreement=agreement)
    }
    try:
        with transaction.atomic():
            PriorityCriterion.objects.filter(
                pk__in=[i for i in delete_ids if i in current]
            ).delete()
            # Park the ranks first so that swapping two ranks never hits the unique constraint.
            for offset, criterion in enumerate(
                PriorityCriterion.objects.filter(county=county, agreement=agreement)
            ):
                criterion.rank = 1000 + offset
                criterion.save(update_fields=["rank"])
            saved = []
            for row in rows:
                criterion = current.get(row.get("id")) or PriorityCriterion(
                    county=county, agreement=agreement
                )
                for name in ("rank", "title", "description", "weight"):
                    setattr(criterion, name, row[name])
                criterion.save()
                saved.append(criterion)
    except ProtectedError as exc:
        raise CriteriaRefused(
            _("A criterion that has been used in an assessment cannot be removed.")
        ) from exc
    except IntegrityError as exc:
        raise CriteriaRefused(
            _("Number the criteria 1, 2, 3 … in priority order, each once.")
        ) from exc
    return sorted(saved, key=lambda c: c.rank)
