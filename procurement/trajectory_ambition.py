"""A trajectory's ambitieweb: its own scores on top of its category's (or the generic) web."""

from django.db import transaction
from django.utils.translation import gettext as _

from rladder.ambition import active_themes, effective_category_levels, levels_of, theme_rows
from rladder.webs import radar_for_rows

from .models import Trajectory, TrajectoryAmbition


def trajectory_rows(trajectory: Trajectory):
    own = levels_of(TrajectoryAmbition.objects.filter(trajectory=trajectory))
    parent = effective_category_levels(trajectory.category, trajectory.organisation_id)
    return theme_rows(active_themes(), own, parent)


def inherited_label(trajectory: Trajectory) -> str:
    if trajectory.category_id:
        return _("Ambitie van de categorie")
    return _("Ambitie van de organisatie")


def trajectory_chart(trajectory: Trajectory, rows, chart_id: str = "ambitieweb-traject"):
    return radar_for_rows(
        chart_id,
        _("Ambitieweb van “%(title)s”") % {"title": trajectory.title},
        rows,
        inherited_label=inherited_label(trajectory),
    )


@transaction.atomic
def save_trajectory_levels(trajectory: Trajectory, levels: dict) -> None:
    for theme_id, (current, ambition, reason) in levels.items():
        TrajectoryAmbition.objects.update_or_create(
            trajectory=trajectory,
            theme_id=theme_id,
            defaults={"current": current, "ambition": ambition, "deviation_reason": reason},
        )
