"""Demo KPIs for Gemeente Voorbeeldstad: several years of measurements, some on track, some behind."""

from decimal import Decimal
from typing import Any

from organisations.models import ProductCategory, Role
from rladder.models import RStrategy

from .models import Kpi, Measurement, TargetOverride

CATEGORIES = {
    "ICT-hardware": (5, Decimal("2400000")),
    "Meubilair en werkplekomgeving": (4, Decimal("850000")),
    "Bedrijfskleding en textiel": (3, Decimal("310000")),
    "Catering": (3, Decimal("540000")),
}

# name, strategy, scope target, unit, direction, rule, aggregation, baseline (year, value), goal (year, value),
# measurements {year: (value, source, note)}
KPIS: list[dict[str, Any]] = [
    {
        "name": "Totaal aantal kilogrammen materiaal",
        "strategy": None,
        "unit": "kg",
        "direction": Kpi.Direction.LOWER,
        "rule": Kpi.Rule.PERCENTAGE,
        "baseline": (2022, "182000"),
        "goal": (2030, "91000"),
        "description": "Uniforme KPI: het gewicht van alle ingekochte producten, gemeten via de spendanalyse "
        "en opgaven van leveranciers. Doel: halvering in 2030 (Rijksbrede doelstelling).",
        "measurements": {
            2022: ("182000", "Spendanalyse 2022 en leveranciersopgaven", ""),
            2023: ("172400", "Spendanalyse 2023", ""),
            2024: ("158900", "Spendanalyse 2024", "Minder nieuwe laptops door langere gebruiksduur."),
            2025: ("148200", "Spendanalyse 2025", ""),
        },
    },
    {
        "name": "Kritieke grondstoffen",
        "strategy": None,
        "unit": "kg",
        "direction": Kpi.Direction.LOWER,
        "rule": Kpi.Rule.LINEAR,
        "baseline": (2022, "2400"),
        "goal": (2030, "1200"),
        "description": "Kobalt, lithium, koper en zeldzame aardmetalen in ingekochte elektronica en voertuigen.",
        "measurements": {
            2022: ("2400", "Materiaalpaspoorten leveranciers", ""),
            2023: ("2370", "Materiaalpaspoorten leveranciers", ""),
            2024: ("2330", "Materiaalpaspoorten leveranciers", "Vervanging van de wagenpark-accu's viel in 2024."),
            2025: ("2290", "Materiaalpaspoorten leveranciers", "Nog geen afspraken over hergebruik van accu's."),
        },
    },
    {
        "name": "Aantal ingekochte laptops en beeldschermen",
        "strategy": "R0",
        "category": "ICT-hardware",
        "unit": "aantal",
        "direction": Kpi.Direction.LOWER,
        "rule": Kpi.Rule.LINEAR,
        "baseline": (2022, "420"),
        "goal": (2030, "200"),
        "description": "Aantal ingekochte leveringen: minder nieuwe apparaten door langer gebruik en een "
        "interne uitleenpool.",
        "measurements": {
            2022: ("420", "Bestellingen in het inkoopsysteem", ""),
            2023: ("395", "Bestellingen in het inkoopsysteem", ""),
            2024: ("342", "Bestellingen in het inkoopsysteem", "Levensduur verlengd van 4 naar 6 jaar."),
            2025: ("296", "Bestellingen in het inkoopsysteem", "Uitleenpool voor beeldschermen gestart."),
        },
    },
    {
        "name": "Bezettingsgraad werkplekken",
        "strategy": "R1",
        "category": "Meubilair en werkplekomgeving",
        "unit": "%",
        "direction": Kpi.Direction.HIGHER,
        "rule": Kpi.Rule.LINEAR,
        "aggregation": Kpi.Aggregation.MEAN,
        "baseline": (2022, "45"),
        "goal": (2030, "80"),
        "description": "Percentage van de gebruikte tijd van een werkplek: flexwerken en delen in plaats "
        "van nieuwe bureaus.",
        "measurements": {
            2022: ("45", "Sensoren bezettingsmeting stadhuis", ""),
            2023: ("49", "Sensoren bezettingsmeting stadhuis", ""),
            2024: ("52", "Sensoren bezettingsmeting stadhuis", ""),
            2025: (
                "54",
                "Sensoren bezettingsmeting stadhuis",
                "Vaste werkplekken in het Stadskantoor nog niet opgeheven.",
            ),
        },
    },
    {
        "name": "Grondstoffen per bedrijfskledingset",
        "strategy": "R2",
        "category": "Bedrijfskleding en textiel",
        "unit": "kg per stuk",
        "direction": Kpi.Direction.LOWER,
        "rule": Kpi.Rule.PERCENTAGE,
        "aggregation": Kpi.Aggregation.MEAN,
        "baseline": (2022, "1.8"),
        "goal": (2030, "1.1"),
        "description": "Hoeveelheid nieuwe grondstoffen per stuk: lichtere sets, minder onderdelen per set.",
        "measurements": {
            2022: ("1.8", "Opgave leverancier", ""),
            2023: ("1.78", "Opgave leverancier", ""),
            2024: ("1.77", "Opgave leverancier", ""),
            2025: (
                "1.75",
                "Opgave leverancier",
                "Lopend contract kent geen eisen aan materiaalgebruik; nieuwe aanbesteding in 2026.",
            ),
        },
    },
    {
        "name": "Wegwerpverpakkingen in de bedrijfsrestaurants",
        "strategy": "R0",
        "category": "Catering",
        "unit": "aantal",
        "direction": Kpi.Direction.LOWER,
        "rule": Kpi.Rule.LINEAR,
        "baseline": (2022, "120000"),
        "goal": (2030, "20000"),
        "description": "Aantal ingekochte wegwerpbekers, -bakjes en -bestek; vervangen door herbruikbaar servies.",
        "measurements": {
            2022: ("120000", "Facturen cateraar", ""),
            2023: ("98000", "Facturen cateraar", ""),
            2024: ("71000", "Facturen cateraar", "Statiegeldbekers ingevoerd."),
            2025: ("52000", "Facturen cateraar", ""),
        },
    },
]


def build(context) -> None:
    organisation = context.organisation
    chef = context.users.get(Role.CHEF_CIRCULAIR)
    strategies = {s.code: s for s in RStrategy.objects.all()}
    categories = {}
    for name, (weight, spend) in CATEGORIES.items():
        categories[name], _ = ProductCategory.objects.get_or_create(
            organisation=organisation, name=name, defaults={"impact_weight": weight, "annual_spend": spend}
        )
    for spec in KPIS:
        category = categories.get(spec.get("category") or "")
        kpi, _ = Kpi.objects.update_or_create(
            organisation=organisation,
            trajectory=None,
            name=spec["name"],
            defaults={
                "description": spec["description"],
                "unit": spec["unit"],
                "strategy": strategies.get(spec["strategy"]),
                "scope": Kpi.Scope.CATEGORY if category else Kpi.Scope.ORGANISATION,
                "category": category,
                "direction": spec["direction"],
                "rule": spec["rule"],
                "aggregation": spec.get("aggregation", Kpi.Aggregation.SUM),
                "baseline_year": spec["baseline"][0],
                "baseline_value": Decimal(spec["baseline"][1]),
                "goal_year": spec["goal"][0],
                "goal_value": Decimal(spec["goal"][1]),
            },
        )
        for year, (value, source, note) in spec["measurements"].items():
            Measurement.objects.update_or_create(
                kpi=kpi,
                year=year,
                quarter=0,
                department=None,
                category=None,
                defaults={"value": Decimal(value), "source": source, "note": note, "entered_by": chef},
            )
    # A KPI fed from the trajectories: nothing to type, the references and plans count.
    Kpi.objects.update_or_create(
        organisation=organisation,
        trajectory=None,
        name="CO2-equivalent vermeden door circulaire keuzes",
        defaults={
            "description": "Berekend uit de trajecten: de referentie min het plan, per jaar van het contract.",
            "unit": "kg CO2e",
            "scope": Kpi.Scope.ORGANISATION,
            "source": Kpi.Source.TRAJECTORIES,
            "effect_measure": Kpi.EffectMeasure.KG_CO2E,
            "effect_basis": Kpi.EffectBasis.PLANNED,
            "direction": Kpi.Direction.HIGHER,
            "rule": Kpi.Rule.LINEAR,
            "baseline_year": 2025,
            "baseline_value": Decimal(0),
            "goal_year": 2030,
            "goal_value": Decimal(25000),
        },
    )
    # A department KPI measured per quarter, and a hand-set target.
    facilities = context.departments.get("Facilitaire zaken")
    if facilities:
        kpi, _ = Kpi.objects.update_or_create(
            organisation=organisation,
            trajectory=None,
            name="Gebruikers per dienstauto per dag",
            defaults={
                "description": "Aantal gebruikers per dag van de gedeelde dienstauto's (R1: intensiever gebruik).",
                "unit": "gebruikers per dag",
                "strategy": strategies.get("R1"),
                "scope": Kpi.Scope.DEPARTMENT,
                "department": facilities,
                "direction": Kpi.Direction.HIGHER,
                "rule": Kpi.Rule.LINEAR,
                "aggregation": Kpi.Aggregation.MEAN,
                "baseline_year": 2023,
                "baseline_value": Decimal("1.2"),
                "goal_year": 2028,
                "goal_value": Decimal("3"),
            },
        )
        quarters = {2024: ["1.3", "1.5", "1.6", "1.8"], 2025: ["1.9", "2.0", "2.1", "2.3"]}
        for year, values in quarters.items():
            for quarter, value in enumerate(values, start=1):
                Measurement.objects.update_or_create(
                    kpi=kpi,
                    year=year,
                    quarter=quarter,
                    department=None,
                    category=None,
                    defaults={"value": Decimal(value), "source": "Boekingssysteem deelauto's", "entered_by": chef},
                )
        TargetOverride.objects.update_or_create(
            kpi=kpi,
            year=2024,
            defaults={"value": Decimal("1.5"), "reason": "Deelauto's pas vanaf het tweede kwartaal beschikbaar."},
        )
