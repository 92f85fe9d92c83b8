"""The start page's grant section: how many granted interventions the user's organisations
have (one query)."""

from django import template

from allocations.followup.selectors.grants import my_grants_count

register = template.Library()


@register.simple_tag
def my_granted_count(user) -> int:
    return my_grants_count(user=user)
