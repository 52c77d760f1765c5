"""Demo: a cleaning contract that ends within the year (its heroverweeg notice waiting), and today's notifications."""

import datetime

from django.utils import timezone

from organisations.models import Role
from procurement.models import Trajectory, TrajectoryMember

from . import deadlines
from .deadlines import add_months

SLUG = "schoonmaak-stadskantoor"


def build(context) -> None:
    organisation = context.organisation
    today = timezone.localdate()
    chef = context.users.get(Role.CHEF_CIRCULAIR)
    manager = context.users.get(Role.CONTRACTMANAGER)
    if not Trajectory.objects.for_organisation(organisation).filter(slug=SLUG).exists():
        Trajectory.start(
            organisation=organisation,
            created_by=manager,
            team=[
                (manager, TrajectoryMember.TeamRole.CONTRACTMANAGER),
                (chef, TrajectoryMember.TeamRole.CHEF_CIRCULAIR),
            ],
            title="Schoonmaak stadskantoor",
            slug=SLUG,
            description=(
                "Schoonmaak van het stadskantoor en de wijkposten. Het contract loopt binnen het jaar af: "
                "is dezelfde schoonmaak nog nodig, of kan het minder of gedeeld met de buurgemeente?"
            ),
            estimated_value=480000,
            contract_start=add_months(today, -40),
            contract_end=add_months(today, 8) - datetime.timedelta(days=today.day - 1),
        )
    deadlines.fire(today)
