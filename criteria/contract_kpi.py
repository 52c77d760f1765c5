"""A chosen criterion whose verification names a measurable KPI becomes, on confirmation, a contract KPI.

The supplier reports on it through the existing supplier reporting (suppliers app).
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from kpis.models import Kpi

from .models import ChosenCriterion


def make_contract_kpi(trajectory, chosen: ChosenCriterion) -> Kpi:
    start = trajectory.contract_start.year if trajectory.contract_start else datetime.date.today().year
    end = trajectory.contract_end.year if trajectory.contract_end else start + 4
    end = max(end, start + 1)
    goal = chosen.kpi_target
    if goal is None:
        raise ValueError(f"criterion {chosen.code} has no KPI target to make a contract KPI of")
    lower = chosen.kpi_direction == Kpi.Direction.LOWER
    with transaction.atomic():
        kpi = Kpi.objects.filter(trajectory=trajectory, name=chosen.kpi_name[:200]).first()
        if kpi is None:
            kpi = Kpi.objects.create(
                organisation=trajectory.organisation,
                trajectory=trajectory,
                scope=Kpi.Scope.CONTRACT,
                name=chosen.kpi_name[:200],
                description=_("Uit criterium %(code)s (versie %(version)s): %(text)s")
                % {"code": chosen.code, "version": chosen.version, "text": chosen.filled_text[:1800]},
                unit=chosen.kpi_unit,
                strategy=chosen.strategy,
                direction=Kpi.Direction.LOWER if lower else Kpi.Direction.HIGHER,
                aggregation=Kpi.Aggregation.MEAN if chosen.kpi_unit.strip() == "%" else Kpi.Aggregation.SUM,
                baseline_value=goal if lower else 0,
                baseline_year=start,
                goal_value=goal,
                goal_year=end,
            )
        chosen.kpi = kpi
        chosen.save(update_fields=["kpi", "updated_at"])
    return kpi
