"""Helpers of the page cache tests (tests/test_page_cache_*.py)."""

import re

from allocations.models import CountyAllocation

TOKEN = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">')


def content(html: str) -> str:
    """The page's main part without its per-request parts (the forms' csrf tokens)."""
    return TOKEN.sub("", html.split("<main", 1)[1])


def write_in_county(slug: str) -> None:
    """A plain save of one of the county's allocations: a write of that county only."""
    allocation = CountyAllocation.objects.filter(county__slug=slug).first()
    allocation.amount += 1
    allocation.save()
