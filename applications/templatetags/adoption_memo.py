"""The cover memo's panel on a member's adoption page, computed where it is included:
`{% adoption_memo_panel adoption as memo %}` needs only the adoption."""

from django import template

from applications.adoptions.memo import MemoState, memo_panel
from applications.models import Adoption

register = template.Library()


@register.simple_tag(name="adoption_memo_panel")
def adoption_memo_panel_tag(adoption: Adoption) -> MemoState:
    return memo_panel(adoption=adoption)
