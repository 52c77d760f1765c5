"""Small factories for KPI tests."""

from decimal import Decimal

from kpis.models import Kpi, Measurement


def make_kpi(organisation, name="Kilogrammen materiaal", **extra) -> Kpi:
    values = {
        "unit": "kg",
        "direction": Kpi.Direction.LOWER,
        "baseline_value": Decimal(1000),
        "baseline_year": 2024,
        "goal_value": Decimal(400),
        "goal_year": 2030,
        "rule": Kpi.Rule.LINEAR,
    }
    values.update(extra)
    return Kpi.objects.create(organisation=organisation, name=name, **values)


def measure(kpi, year, value, **extra) -> Measurement:
    return Measurement.objects.create(kpi=kpi, year=year, value=Decimal(str(value)), **extra)
