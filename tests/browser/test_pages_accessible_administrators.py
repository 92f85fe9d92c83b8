"""Every page of the superuser, the national administrator and another county's
coordinator, checked by axe-core against WCAG 2.1 A and AA at 1280 and 320 pixels
(tests/browser/every_page.py)."""

import pytest

from tests.browser.every_page import assert_pages_accessible, world  # noqa: F401 - fixture
from tests.test_authorization_matrix import (
    NATIONAL,
    OTHER_COORDINATOR,
    SUPERUSER,
)

pytestmark = pytest.mark.browser

ROLES_HERE = (
    SUPERUSER,
    NATIONAL,
    OTHER_COORDINATOR,
)


@pytest.mark.parametrize("role", ROLES_HERE)
def test_every_page_meets_wcag_21_aa(browser, live_server, world, role):  # noqa: F811
    assert_pages_accessible(browser, live_server, world, [role])
