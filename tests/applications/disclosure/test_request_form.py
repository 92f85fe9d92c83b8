"""The form that registers a request for public records, on input that finds nothing."""

import pytest

from applications.models import DisclosureRequest
from tests.applications.disclosure.helpers import register

pytestmark = pytest.mark.django_db

COORDINATOR = "samordnare@jamtland.demo"


def test_a_search_that_finds_nothing_is_refused_next_to_the_field(login, in_review):
    client = login(COORDINATOR)
    response = register(client, "\n", search_text="-1", requester_name="Eva")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sökningen hittar inget ärende i länet." in page
    assert 'value="-1"' in page and 'value="Eva"' in page
    assert not DisclosureRequest.objects.exists()
