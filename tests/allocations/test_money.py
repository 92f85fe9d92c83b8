from decimal import Decimal

import pytest

from allocations.money import format_kronor


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1_050_000, "1 050 000 kr"),
        (12_697_775, "12 697 775 kr"),
        (0, "0 kr"),
        (999, "999 kr"),
        (-605_130, "-605 130 kr"),
        (Decimal("2506966"), "2 506 966 kr"),
        (None, "–"),
    ],
)
def test_amounts_are_written_with_space_separated_thousands(amount, text):
    assert format_kronor(amount) == text


def test_fractions_of_a_krona_are_refused():
    with pytest.raises(ValueError):
        format_kronor(Decimal("10.50"))
