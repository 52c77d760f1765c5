"""Template helpers of the programme pages: Dutch euro amounts."""

from django import template

from ..formatting import format_euro

register = template.Library()


@register.filter
def euro(value) -> str:
    """Dutch notation: € 1.234.567 (cents only when there are any)."""
    return format_euro(value)
