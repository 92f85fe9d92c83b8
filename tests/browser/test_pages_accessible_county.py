"""Every page of anonymous visitors, applicants, review-group members and the decision
forum, checked by axe-core against WCAG 2.1 A and AA at 1280 and 320 pixels
(tests/browser/every_page.py)."""

import pytest

from tests.browser.every_page import assert_pages_accessible, world  # noqa: F401 - fixture
from tests.test_authorization_matrix import (
    ANON,
    APPLICANT_A,
    APPLICANT_B,
    CONFLICTED,
    FORUM,
    REVIEWER,
    ROLES,
)

pytestmark = pytest.mark.browser

ROLES_HERE = (
    ANON,
    APPLICANT_A,
    APPLICANT_B,
    REVIEWER,
    CONFLICTED,
    FORUM,
)


@pytest.mark.parametrize("role", ROLES_HERE)
def test_every_page_meets_wcag_21_aa(browser, live_server, world, role):  # noqa: F811
    assert_pages_accessible(browser, live_server, world, [role])


def test_the_three_files_check_every_role():
    from tests.browser import (
        test_pages_accessible_administrators,
        test_pages_accessible_coordinator,
    )

    covered = (
        ROLES_HERE
        + test_pages_accessible_administrators.ROLES_HERE
        + test_pages_accessible_coordinator.ROLES_HERE
    )
    assert sorted(covered) == sorted(ROLES)
