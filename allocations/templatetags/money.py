from django import template

from allocations.money import format_kronor

register = template.Library()


@register.filter
def kr(amount) -> str:
    """`{{ 1050000|kr }}` → `1 050 000 kr`."""
    return format_kronor(amount)
