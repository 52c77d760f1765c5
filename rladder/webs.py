"""Reading and saving the ambitiewebs of an organisation and its categories."""

from django.db import transaction
from django.utils.translation import gettext as _

from lib.charts import Series, describe, radar_svg

from .ambition import active_themes, category_levels, generic_levels, theme_rows
from .models import LEVEL_MAX, AmbitionScore, AmbitionWeb


def radar_for_rows(chart_id: str, title: str, rows, inherited_label: str | None = None):
    """The radar chart of ``ThemeRow``s: current, ambition and (if any) the inherited ambition."""
    axes = [row.theme.name for row in rows]
    series = [
        Series("current", _("Huidig niveau"), [row.current for row in rows]),
        Series("ambition", _("Ambitie"), [row.ambition for row in rows]),
    ]
    if inherited_label and any(row.inherited_ambition for row in rows):
        series.append(Series("inherited", inherited_label, [row.inherited_ambition for row in rows]))
    description = _("Radardiagram met per thema een niveau van 1 tot en met 3. %(data)s") % {
        "data": describe(axes, series)
    }
    return radar_svg(chart_id, title, description, axes, series, levels=LEVEL_MAX)


def generic_rows(organisation):
    return theme_rows(active_themes(), generic_levels(organisation.pk), {})


def category_rows(category):
    own, parent = category_levels(category)
    return theme_rows(active_themes(), own, parent)


@transaction.atomic
def save_levels(organisation, category, levels: dict) -> AmbitionWeb:
    """Store ``theme_id -> (current, ambition, reason)`` as the web's own scores."""
    if category is None:
        web, _created = AmbitionWeb.objects.get_or_create(organisation=organisation, category=None)
    else:
        web, _created = AmbitionWeb.objects.get_or_create(category=category, defaults={"organisation": organisation})
    for theme_id, (current, ambition, reason) in levels.items():
        AmbitionScore.objects.update_or_create(
            web=web, theme_id=theme_id, defaults={"current": current, "ambition": ambition, "deviation_reason": reason}
        )
    web.save(update_fields=["updated_at"])
    return web
