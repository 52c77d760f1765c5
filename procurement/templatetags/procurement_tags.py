"""Template filters for trajectories: phase progress and people (amounts: ``nl_format``)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def progress_text(completed: int, not_applicable: int, total: int = 6) -> str:
    applicable = total - (not_applicable or 0)
    return _("%(done)s van %(total)s fasen afgerond") % {"done": completed or 0, "total": applicable}


@register.simple_tag
def trajectory_status(trajectory) -> str:
    """The trajectory's status as a tag, and "Gearchiveerd" beside it when archived (a tag: lists show one a row)."""
    tag = format_html(
        '<span class="status-tag trajectory-status-{}">{}</span>', trajectory.status, trajectory.get_status_display()
    )
    if trajectory.is_archived:
        tag += format_html(' <span class="status-tag status-niet_van_toepassing">{}</span>', _("Gearchiveerd"))
    return tag


@register.filter
def person(user, fallback: str = "") -> str:
    """A person's full name, else username; the fallback (or "onbekend") for nobody."""
    if user is None:
        return fallback or _("onbekend")
    return user.get_full_name() or user.username
