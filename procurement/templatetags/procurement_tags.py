"""Template filters for trajectories: phase progress and people (amounts: ``nl_format``)."""

import functools
import hashlib

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

ROW_TEMPLATE = "procurement/includes/trajectory_row.html"
ROW_SECONDS = 86_400


@functools.cache
def _row_template():
    """The row template and a digest of its source: a shared cache never serves rows of an older template."""
    row_template = get_template(ROW_TEMPLATE)
    return row_template, hashlib.blake2b(row_template.template.source.encode(), digest_size=8).hexdigest()


def _row_key(t, language: str) -> str:
    """Everything a row of Mijn trajecten shows: a change to any of it is a new key, never a stale row."""
    strategies = [(s.code, s.number, s.name_nl) if s else None for s in (t.chosen_strategy, t.ambition)]
    content = (t.pk, t.title, t.status, t.archived_at, t.updated_at, t.completed_count, t.not_applicable_count)
    content += (*strategies, str(t.category or ""), str(t.department or ""), language, _row_template()[1])
    return "trajectory-row:" + hashlib.blake2b(repr(content).encode(), digest_size=16).hexdigest()


@register.simple_tag
def trajectory_rows(trajectories) -> str:
    """The table rows of these trajectories (with ``attach_progress`` done), each rendered once per content.

    One cache read for the whole page of rows; only rows not seen before in this
    form are rendered, and stored for a day.
    """
    language = get_language()
    keys = [_row_key(t, language) for t in trajectories]
    rows = cache.get_many(keys)
    missing = {}
    for key, t in zip(keys, trajectories, strict=True):
        if key not in rows:
            rows[key] = missing[key] = _row_template()[0].render({"t": t})
    if missing:
        cache.set_many(missing, ROW_SECONDS)
    return mark_safe("\n    ".join(rows[key] for key in keys))  # noqa: S308  # nosec B308 B703 - autoescaped


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
