"""Amounts are whole kronor. Shown as `1 050 000 kr` in every language."""

from decimal import Decimal


def format_kronor(amount: int | Decimal | None, *, unit: bool = True) -> str:
    if amount is None:
        return "–"
    value = int(amount)
    if value != amount:
        raise ValueError("Amounts are whole kronor.")
    digits = f"{abs(value):,}".replace(",", " ")
    text = f"-{digits}" if value < 0 else digits
    return f"{text} kr" if unit else text
