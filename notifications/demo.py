"""Demo: a cleaning contract that ends within the year (its heroverweeg notice waiting), and today's notifications.

The contract has an R-decision, a contract KPI with a measured year and a lesson: the follow-up trajectory the
chef starts from the notice shows them (notifications/sections.py ``previous_trajectory``).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from kpis.models import Kpi, Measurement
from learning.models import Lesson
from organisations.models import Role
from procurement.models import Phase, RDecisionStep, Trajectory, TrajectoryMember
from rladder.models import RStrategy

from . import deadlines
from .deadlines import add_months

SLUG = "schoonmaak-stadskantoor"


def build(context) -> None:
    organisation = context.organisation
    today = timezone.localdate()
    chef = context.users.get(Role.CHEF_CIRCULAIR)
    manager = context.users.get(Role.CONTRACTMANAGER)
    if not Trajectory.objects.for_organisation(organisation).filter(slug=SLUG).exists():
        trajectory = Trajectory.start(
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
        _history(trajectory, manager)
    deadlines.fire(today)


def _history(trajectory, user) -> None:
    """What the ending contract decided, promised and learned: its follow-up starts from it."""
    strategies = {s.code: s for s in RStrategy.objects.filter(code__in=["R0", "R1", "R2"])}
    feasible = {"R0": RDecisionStep.Feasible.NO, "R1": RDecisionStep.Feasible.NO, "R2": RDecisionStep.Feasible.YES}
    rationale = {
        "R0": "Schoonmaak blijft nodig.",
        "R1": "Delen met de buurgemeente kon in 2022 nog niet.",
        "R2": "Minder vaak schoonmaken in ruimtes die weinig gebruikt worden.",
    }
    trajectory.record_r_decision(
        user=user,
        phase=Phase.objects.get(slug="startoverleg"),
        steps=[
            {"strategy": strategies[code], "considered": True, "feasible": f, "rationale": rationale[code]}
            for code, f in feasible.items()
        ],
        summary="Schoonmaak op basis van gebruik: minder vaak waar weinig mensen komen.",
    )
    start, end = trajectory.contract_start, trajectory.contract_end
    kpi = Kpi.objects.create(
        organisation=trajectory.organisation,
        trajectory=trajectory,
        scope=Kpi.Scope.CONTRACT,
        name="Liter schoonmaakmiddel per jaar",
        unit="l",
        baseline_value=Decimal("2400"),
        baseline_year=start.year - 1,
        goal_value=Decimal("1500"),
        goal_year=end.year,
        direction=Kpi.Direction.LOWER,
    )
    Measurement.objects.create(kpi=kpi, year=start.year + 1, quarter=0, value=Decimal("1980"))
    Lesson.objects.create(
        trajectory=trajectory,
        kind=Lesson.Kind.TIP,
        text="Vraag om doseersystemen en meet het verbruik per locatie: dan zie je waar het minder kan.",
    )
