"""Demo: the starter library, and criteria chosen and filled in the laptops trajectory, one feeding a contract KPI."""

from decimal import Decimal

from organisations.models import Role
from procurement.models import Trajectory

from . import starter
from .contract_kpi import make_contract_kpi
from .models import ChosenCriterion, Criterion

# code -> (values, weight)
LAPTOPS = {
    "MK-R2-02": ({}, None),
    "EIS-R2-01": ({"percentage": "40"}, None),
    "EIS-R2-02": ({"aantal jaren": "6"}, None),
    "EIS-R4-01": ({"aantal jaren": "7"}, None),
    "GC-R2-01": ({"percentage": "60"}, Decimal("20")),
    "GC-R2-03": ({}, Decimal("15")),
    "CB-R8-01": ({}, None),
    "CB-R2-05": ({"aantal maanden": "6"}, None),
}
KPI_FROM = "EIS-R2-01"


def build(context) -> None:
    starter.load()
    organisation = context.organisation
    trajectory = Trajectory.objects.for_organisation(organisation).filter(slug="laptops-medewerkers").first()
    if trajectory is None:
        return
    user = context.users.get(Role.INKOPER)
    criteria = {c.code: c for c in Criterion.objects.base().filter(code__in=list(LAPTOPS))}
    for code, (values, weight) in LAPTOPS.items():
        chosen = ChosenCriterion.choose(trajectory, criteria[code], user)
        if chosen.revision == 0:
            chosen.fill_in(values, weight, revision=0)
    feeding = ChosenCriterion.objects.filter(trajectory=trajectory, code=KPI_FROM).first()
    if feeding is not None and feeding.kpi_id is None:
        make_contract_kpi(trajectory, feeding)
