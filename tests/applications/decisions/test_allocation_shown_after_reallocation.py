"""After a reallocation, the review and decision pages show the allocation the guards decide
against, not the original one."""

import pytest

from allocations.models import County
from applications.decisions.selectors.meetings import area_standings
from applications.review.selectors.focus_area import area_figures
from tests.allocations.budget.test_reallocation import move

pytestmark = pytest.mark.django_db


def test_review_and_decision_figures_follow_the_reallocation(seeded):
    jamtland = County.objects.get(slug="jamtland")
    move(jamtland, seeded, 100_000)  # area 4 → area 3
    area4 = seeded.focus_areas.get(number=4)

    assert area_figures(county=jamtland, focus_area=area4).allocation == 6_090_809
    standings = {
        s.focus_area.number: s.allocation for s in area_standings(county=jamtland, agreement=seeded)
    }
    assert standings[4] == 6_090_809
    assert standings[3] == 2_606_966
    assert standings[1] == 4_000_000
