from django import template
from django.utils.formats import get_format

from allocations.money import format_kronor, format_kronor_exact

register = template.Library()


@register.filter
def kr(amount) -> str:
    """`{{ 1050000|kr }}` → `1 050 000 kr`."""
    return format_kronor(amount)


@register.filter
def kr_change(amount) -> str:
    """`{{ -605130|kr_change }}` → `-605 130 kr`; positive changes get a plus sign."""
    return format_kronor(amount, signed=True)


@register.filter
def kr_exact(amount) -> str:
    """An exact share (a Fraction) to the öre: `6 469 843,33 kr` (`.` in English)."""
    if amount is None:
        return "–"
    return format_kronor_exact(amount, decimal_separator=get_format("DECIMAL_SEPARATOR"))
