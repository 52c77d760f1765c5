"""Seeding for benchmarks and load tests: many KPIs with years of per-department measurements.

Fast on purpose (bulk_create, so no django-simple-history rows): for
measuring, never for real data.
"""

import datetime
from decimal import Decimal

from kpis.models import Kpi, Measurement, TargetOverride
from organisations.models import Department, ProductCategory

BENCH_CATEGORIES = ["ICT-hardware", "Meubilair en werkplekomgeving", "Bedrijfskleding en textiel", "Catering"]


def seed_kpis(organisation, n_kpis: int = 30, years: int = 10, departments=None) -> list[Kpi]:
    """Create ``n_kpis`` KPIs over ``years`` years up to last year, each measured per department every year.

    ``departments``: Department objects or names (created when missing); default four.
    Half the KPIs are category KPIs (spread over four categories), a third
    "higher is better", some with a percentage rule and an override, and the
    measurements drift so that some KPIs run ahead of their path and some behind.
    """
    if departments is None:
        departments = ["Inkoop", "Facilitair", "ICT", "Openbare ruimte"]
    departments = [
        d if isinstance(d, Department) else Department.objects.get_or_create(organisation=organisation, name=d)[0]
        for d in departments
    ]
    categories = [
        ProductCategory.objects.get_or_create(organisation=organisation, name=name)[0] for name in BENCH_CATEGORIES
    ]
    last_year = datetime.date.today().year - 1
    first_year = last_year - years + 1
    existing = Kpi.objects.filter(organisation=organisation).count()
    kpis = []
    for i in range(n_kpis):
        higher = i % 3 == 0
        category = categories[i % len(categories)] if i % 2 == 0 else None
        kpis.append(
            Kpi(
                organisation=organisation,
                name=f"Bench-KPI {existing + i + 1}",
                unit="%" if higher else "kg",
                scope=Kpi.Scope.CATEGORY if category else Kpi.Scope.ORGANISATION,
                category=category,
                direction=Kpi.Direction.HIGHER if higher else Kpi.Direction.LOWER,
                rule=Kpi.Rule.PERCENTAGE if i % 4 == 1 else Kpi.Rule.LINEAR,
                baseline_year=first_year,
                baseline_value=Decimal(40 if higher else 10_000),
                goal_year=last_year + 5,
                goal_value=Decimal(90 if higher else 4_000),
            )
        )
    kpis = Kpi.objects.bulk_create(kpis)
    measurements, overrides = [], []
    for i, kpi in enumerate(kpis):
        speed = Decimal("0.6") + Decimal(i % 5) / 5  # 0.6–1.4 of the planned pace
        targets = {t.year: t.value for t in kpi.targets({})}
        for year in range(first_year, last_year + 1):
            planned = targets[year] - kpi.baseline_value
            total = kpi.baseline_value + planned * speed
            for department in departments:
                measurements.append(
                    Measurement(
                        kpi=kpi,
                        year=year,
                        department=department,
                        value=(total / len(departments)).quantize(Decimal("0.0001")),
                        source="bench",
                    )
                )
        if i % 7 == 0:
            overrides.append(TargetOverride(kpi=kpi, year=last_year + 1, value=targets[last_year + 1]))
    Measurement.objects.bulk_create(measurements, batch_size=1000)
    TargetOverride.objects.bulk_create(overrides)
    return kpis


def seed_effects(organisation, n_trajectories: int = 50, created_by=None) -> list:
    """``n_trajectories`` trajectories with a stored effect (R0/R1/R2 over the four categories and the
    departments), and two KPIs fed from them: what the dashboard's "Effect van circulaire keuzes" reads."""
    from procurement.models import Trajectory, TrajectoryEffect
    from rladder.models import RStrategy

    strategies = list(RStrategy.objects.filter(number__lte=2).order_by("number"))
    categories = list(ProductCategory.objects.filter(organisation=organisation).order_by("pk"))
    departments = list(Department.objects.filter(organisation=organisation).order_by("pk")) or [None]
    last_year = datetime.date.today().year - 1
    trajectories = Trajectory.objects.bulk_create(
        Trajectory(
            organisation=organisation,
            title=f"Bench-traject met effect {i + 1}",
            slug=f"bench-traject-met-effect-{i + 1}",
            description="bench",
            created_by=created_by,
            chosen_strategy=strategies[i % len(strategies)],
            category=categories[i % len(categories)] if categories else None,
            department=departments[i % len(departments)],
            contract_start=datetime.date(last_year - i % 3, 1, 1),
            contract_end=datetime.date(last_year - i % 3 + 3, 12, 31),
        )
        for i in range(n_trajectories)
    )
    TrajectoryEffect.objects.bulk_create(
        TrajectoryEffect(
            trajectory=t,
            term_years=Decimal(4),
            first_year=t.contract_start.year,
            plan_is_nothing=t.chosen_strategy.number == 0,
            planned_kg_material=Decimal(200 + i),
            planned_kg_co2e=Decimal(9_000 + 10 * i),
            planned_kg_co2e_low=Decimal(7_000),
            planned_kg_co2e_high=Decimal(12_000),
            planned_eur=Decimal(38_000),
            realised_kg_material=Decimal(150 + i) if i % 2 else None,
            realised_kg_co2e=Decimal(8_000) if i % 2 else None,
            realised_eur=Decimal(30_000) if i % 2 else None,
        )
        for i, t in enumerate(trajectories)
    )
    Kpi.objects.bulk_create(
        Kpi(
            organisation=organisation,
            name=name,
            unit=unit,
            source=Kpi.Source.TRAJECTORIES,
            effect_measure=measure,
            effect_basis=basis,
            direction=Kpi.Direction.HIGHER,
            baseline_year=last_year - 3,
            baseline_value=Decimal(0),
            goal_year=last_year + 5,
            goal_value=Decimal(500_000),
        )
        for name, unit, measure, basis in (
            ("Bench: kg CO2e vermeden (gepland)", "kg CO2e", Kpi.EffectMeasure.KG_CO2E, Kpi.EffectBasis.PLANNED),
            ("Bench: kg materiaal vermeden", "kg", Kpi.EffectMeasure.KG_MATERIAL, Kpi.EffectBasis.REALISED),
        )
    )
    return trajectories
