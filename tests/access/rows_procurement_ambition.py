"""Access rows of the category strategy page and the trajectory's ambitieweb."""

from procurement.models import Trajectory, TrajectoryMember
from rladder.models import RStrategy

from .rows_organisations_programme import A_ONLY_CATEGORY
from .rows_rladder_strategies import web_data
from .table import Row, members

TRAJECTORY_SLUG = "werkplekken-stadskantoor-ambitieweb"


def build(world) -> None:
    trajectory = Trajectory.objects.create(
        organisation=world.org_a,
        title="Werkplekken stadskantoor",
        slug=TRAJECTORY_SLUG,
        description="Nieuwe inrichting van de tweede verdieping.",
        category=world.org_a.categories.get(name=A_ONLY_CATEGORY),
        chosen_strategy=RStrategy.objects.get(code="R8"),
    )
    TrajectoryMember.objects.create(
        trajectory=trajectory, user=world.users["inkoper"], role=TrajectoryMember.TeamRole.INKOPER
    )


def load(world) -> None:
    world.ambition_trajectory_a = Trajectory.objects.get(organisation=world.org_a, slug=TRAJECTORY_SLUG)


def _team_editors(status: int) -> dict:
    """The trajectory's team with an editing role, and the chef circulair."""
    return {**members(403), "inkoper": status, "chef": status}


ROWS = [
    Row("procurement:category_strategy", members(), kwargs=lambda w: {"slug": w.category_a_only.slug}),
    Row("procurement:trajectory_ambition", members(), kwargs=lambda w: {"pk": w.ambition_trajectory_a.pk}),
    Row(
        "procurement:trajectory_ambition",
        _team_editors(302),
        method="POST",
        kwargs=lambda w: {"pk": w.ambition_trajectory_a.pk},
        data=web_data,
    ),
]
