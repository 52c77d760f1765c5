"""Template filters for trajectories: phase progress and people (amounts: ``nl_format``)."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def progress_text(completed: int, not_applicable: int, total: int = 6) -> str:
    applicable = total - (not_applicable or 0)
    return _("%(done)s van %(total)s fasen afgerond") % {"done": completed or 0, "total": applicable}


@register.filter
def person(user, fallback: str = "") -> str:
    """A person's full name, else username; the fallback (or "onbekend") for nobody."""
    if user is None:
        return fallback or _("onbekend")
    return user.get_full_name() or user.username
