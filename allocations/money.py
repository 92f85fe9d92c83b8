"""Amounts are whole kronor. Shown as `1 050 000 kr` in every language."""

from decimal import Decimal
from fractions import Fraction


def _digits(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def format_kronor(amount: int | Decimal | None, *, unit: bool = True, signed: bool = False) -> str:
    """`1 050 000 kr`; with `signed`, a change: `+1 050 000 kr`, `-605 130 kr`, `±0 kr`."""
    if amount is None:
        return "–"
    value = int(amount)
    if value != amount:
        raise ValueError("Amounts are whole kronor.")
    text = _digits(abs(value))
    if value < 0:
        text = f"-{text}"
    elif signed:
        text = f"+{text}" if value else f"±{text}"
    return f"{text} kr" if unit else text


def format_kronor_exact(amount: Fraction | int, *, decimal_separator: str = ",") -> str:
    """An exact share of kronor to the öre, for showing what rounding starts from:
    `6 469 843,33 kr` (the öre rounded half up; whole kronor get `,00`)."""
    exact = Fraction(amount)
    ore = int(abs(exact) * 100 + Fraction(1, 2))  # exact: half an öre up, away from zero
    sign = "-" if exact < 0 and ore else ""
    return f"{sign}{_digits(ore // 100)}{decimal_separator}{ore % 100:02d} kr"
