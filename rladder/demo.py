"""Demo programme of Gemeente Voorbeeldstad: Menu self-scan, categories, strategies, ambitiewebs.

The content is written as a Dutch gemeente would write it. Idempotent: everything
is found or updated by its natural key.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from organisations.models import MenuEvidence, MenuIngredient, MenuScanItem, ProductCategory, Role

from .models import AmbitionTheme, BaselineLine, ImpactFactor, Milestone, ProductStrategy, RStrategy
from .webs import save_levels

MENU_SCAN = {
    # ingredient slug: (status, owner role, next step, next step date, [evidence])
    "bestuurlijke-rugdekking": (
        MenuScanItem.Status.IN_ORDER,
        Role.CHEF_CIRCULAIR,
        "Jaarlijkse voortgangsrapportage circulair inkopen aanbieden aan de raad.",
        date(2026, 6, 30),
        [
            (
                MenuEvidence.Kind.COUNCIL_DECISION,
                "Raadsbesluit Uitvoeringsprogramma Circulaire Economie 2025-2028",
                date(2025, 3, 13),
                "RB-2025-0147",
            ),
            (
                MenuEvidence.Kind.EXECUTIVE_DECISION,
                "Collegebesluit Actieplan Maatschappelijk Verantwoord Opdrachtgeven en Inkopen 2025-2027",
                date(2025, 1, 21),
                "CB-2025-0032",
            ),
            (MenuEvidence.Kind.MANIFEST, "Ondertekening Manifest MVOI 2021-2025", date(2021, 9, 28), "Z-21-08812"),
        ],
    ),
    "draagvlak": (
        MenuScanItem.Status.IN_PROGRESS,
        Role.CHEF_CIRCULAIR,
        "AIDA-sessies met de budgethouders van Facilitaire zaken en Openbare ruimte.",
        date(2026, 4, 15),
        [
            (
                MenuEvidence.Kind.AGREEMENT,
                "Afspraak MT: circulair inkopen vast agendapunt in het kwartaaloverleg",
                date(2025, 10, 7),
                "MT-2025-41",
            ),
        ],
    ),
    "productstrategieen": (
        MenuScanItem.Status.IN_PROGRESS,
        Role.CHEF_CIRCULAIR,
        "Productstrategieën voor ICT-hardware en Meubilair laten vaststellen door het college.",
        date(2026, 9, 1),
        [
            (
                MenuEvidence.Kind.POLICY_PLAN,
                "Inkoopbeleid Gemeente Voorbeeldstad 2024, hoofdstuk 4 Duurzaam en circulair",
                date(2024, 2, 6),
                "CB-2024-0019",
            ),
        ],
    ),
    "hoogste-r-standaard": (
        MenuScanItem.Status.IN_ORDER,
        Role.INKOPER,
        "Startoverleg met R-ladder-vragen opnemen in de werkinstructie voor elke aanbesteding vanaf € 50.000.",
        date(2026, 3, 1),
        [
            (
                MenuEvidence.Kind.ACTION_PLAN,
                "Werkinstructie startoverleg: eerst niet, anders of minder inkopen",
                date(2025, 11, 18),
                "INK-WI-2025-07",
            ),
        ],
    ),
    "organisatiebrede-kpis": (
        MenuScanItem.Status.NOT_STARTED,
        Role.DUURZAAMHEIDSADVISEUR,
        "Nulmeting kilogrammen materiaal per categorie uit de contractadministratie halen.",
        date(2026, 5, 31),
        [],
    ),
    "monitoren-en-bijsturen": (
        MenuScanItem.Status.NOT_STARTED,
        Role.CHEF_CIRCULAIR,
        "Dashboard koplopers en achterblijvers inrichten en eerste jaarverslag circulair inkopen 2026 schrijven.",
        date(2027, 2, 1),
        [],
    ),
}


def build_menu_scan(organisation, users) -> None:
    for ingredient in MenuIngredient.objects.filter(slug__in=MENU_SCAN):
        status, role, next_step, when, evidence = MENU_SCAN[ingredient.slug]
        item, _created = MenuScanItem.objects.update_or_create(
            organisation=organisation,
            ingredient=ingredient,
            defaults={"status": status, "owner": users.get(role), "next_step": next_step, "next_step_date": when},
        )
        for kind, title, day, reference in evidence:
            MenuEvidence.objects.update_or_create(
                item=item, title=title, defaults={"kind": kind, "date": day, "reference": reference}
            )


SPEND = {
    "ICT-hardware": Decimal("1450000"),
    "Meubilair en werkplekomgeving": Decimal("380000"),
    "Bedrijfskleding en textiel": Decimal("210000"),
    "Catering": Decimal("520000"),
    "Kantoorartikelen": Decimal("95000"),
    "Schoonmaak": Decimal("860000"),
    "GWW en infrastructuur": Decimal("12400000"),
    "Gebouwen": Decimal("6800000"),
    "Energie": Decimal("2300000"),
    "Mobiliteit": Decimal("640000"),
    "Groenvoorziening": Decimal("1150000"),
}


def build_categories(organisation) -> None:
    ProductCategory.objects.add_defaults(organisation)
    for name, spend in SPEND.items():
        ProductCategory.objects.filter(organisation=organisation, name=name).update(annual_spend=spend)


STRATEGIES: dict[str, dict[str, Any]] = {
    "ICT-hardware": {
        "status": ProductStrategy.Status.ADOPTED,
        "baseline": ("R8", date(2026, 1, 15), "Impact Kompas"),
        "baseline_description": (
            "Laptops en telefoons worden na vier jaar vervangen en via de leverancier gerecycled. "
            "Er is geen inzicht in hergebruik; monitoren staan vaak ongebruikt op flexplekken."
        ),
        "kraljic": ("hoog", "hoog"),
        "r0": "Geen tweede scherm en geen vaste telefoon meer als standaard; alleen op aanvraag.",
        "r1": "Flexplekken met gedeelde docking stations; een uitleenpool voor tablets bij Sociaal domein.",
        "r2": "Levensduur naar zes jaar met een refurbish-ronde na drie jaar; minder modellen in het assortiment.",
        "goal": ("R2", 2036, "rijk"),
        "goal_description": (
            "In 2036 kopen we 50% minder nieuwe apparaten dan in 2026 en wordt elk apparaat minstens zes jaar "
            "gebruikt, in lijn met het Nationaal Programma Circulaire Economie."
        ),
        "milestones": {
            2027: "Standaardwerkplek zonder tweede scherm; uitleenpool tablets actief.",
            2029: "Refurbished laptops als gelijkwaardige keuze in de webwinkel.",
            2031: "Contract met terugname en hergebruik van alle apparaten (R3).",
            2034: "Levensduur van zes jaar gehaald voor 80% van de laptops.",
            2036: "Half zoveel nieuwe apparaten als in 2026 (R2).",
        },
        # The nulmeting in volumes: what the category buys in a year, and the goal in kilograms (half).
        "volumes": [
            ("ict_laptop_14", "300", "Laptops voor nieuwe en vervangen werkplekken"),
            ("ict_monitor_24", "150", "Beeldschermen voor flexplekken"),
            ("ict_desktop", "40", "Desktops voor GIS en tekenwerk"),
        ],
        "goal_kg": ("730", "68000"),
    },
    "Meubilair en werkplekomgeving": {
        "status": ProductStrategy.Status.DRAFT,
        "baseline": ("R5", date(2026, 1, 20), "Circulair Minds"),
        "baseline_description": (
            "Bij de verbouwing van het stadskantoor is 40% van het meubilair opgeknapt hergebruikt."
        ),
        "kraljic": ("laag", "laag"),
        "r0": "Geen nieuw meubilair bij reorganisaties: eerst de eigen voorraad in het depot gebruiken.",
        "r1": "Vergaderruimten delen met de bibliotheek en de GGD.",
        "r2": "",
        "goal": ("R1", 2036, "organisatie"),
        "goal_description": "Alle werkplekken gedeeld en ingericht met hergebruikt meubilair; nieuw alleen als dienst.",
        "milestones": {},
    },
    "GWW en infrastructuur": {
        "status": ProductStrategy.Status.UNDER_REVISION,
        "baseline": ("R8", date(2025, 9, 1), "Impact Kompas"),
        "baseline_description": (
            "Asfalt en beton worden hoogwaardig gerecycled; bij ontwerp is hergebruik nog geen eis."
        ),
        "kraljic": ("hoog", "laag"),
        "r0": "Onderhoud uitstellen waar de staat het toelaat; minder verharding in nieuwe wijken.",
        "r1": "Tijdelijke bouwwegen en damwanden huren en delen met de buurgemeenten.",
        "r2": "Ontwerpen met minder materiaal: slankere constructies, minder lagen asfalt.",
        "goal": ("R2", 2035, "organisatie"),
        "goal_description": "Elk project in de openbare ruimte gebruikt 30% minder primair materiaal dan in 2025.",
        "milestones": {},
    },
}


def build_strategies(organisation, owner, today) -> None:
    strategies = {s.code: s for s in RStrategy.objects.all()}
    for name, spec in STRATEGIES.items():
        category = ProductCategory.objects.filter(organisation=organisation, name=name).first()
        if category is None:
            continue
        base_code, base_date, tool = spec["baseline"]
        goal_code, goal_year, basis = spec["goal"]
        strategy, _created = ProductStrategy.objects.update_or_create(
            category=category,
            defaults={
                "status": spec["status"],
                "owner": owner,
                "baseline_date": base_date,
                "baseline_strategy": strategies[base_code],
                "baseline_tool": tool,
                "baseline_description": spec["baseline_description"],
                "impact": spec["kraljic"][0],
                "supply_risk": spec["kraljic"][1],
                "r0_consideration": spec["r0"],
                "r1_consideration": spec["r1"],
                "r2_consideration": spec["r2"],
                "goal_year": goal_year,
                "goal_strategy": strategies[goal_code],
                "goal_basis": basis,
                "goal_description": spec["goal_description"],
            },
        )
        build_volumes(strategy, spec)
        if strategy.milestones.exists():
            continue
        # Start from the backcasting proposal; the chef circulair rewrote some years.
        by_number = {s.number: s for s in strategies.values()}
        baseline = strategy.baseline_totals() if spec.get("volumes") else None
        for row in strategy.propose_milestones(by_number, baseline=baseline):
            Milestone.objects.create(
                strategy=strategy,
                year=row["year"],
                target=row["strategy"],
                description=spec["milestones"].get(row["year"], row["description"]),
                kg_material=row["kg_material"],
                kg_co2e=row["kg_co2e"],
            )


def build_volumes(strategy, spec) -> None:
    """The nulmeting in volumes and the goal in kilograms (when the impact factors are loaded)."""
    if not spec.get("volumes") or strategy.baseline_lines.exists():
        return
    factors = {f.key: f for f in ImpactFactor.objects.filter(key__in=[key for key, _q, _d in spec["volumes"]])}
    if len(factors) != len(spec["volumes"]):
        return
    for position, (key, quantity, description) in enumerate(spec["volumes"], start=1):
        line = BaselineLine(
            strategy=strategy,
            position=position,
            description=description,
            quantity=Decimal(quantity),
            quantity_unit=factors[key].unit,
            shared_factor=factors[key],
        )
        line.take_snapshot(factors[key])
        line.save()
    strategy.goal_kg_material, strategy.goal_kg_co2e = (Decimal(v) for v in spec["goal_kg"])
    strategy.save(update_fields=["goal_kg_material", "goal_kg_co2e"])


GENERIC_WEB = {
    "milieu-en-biodiversiteit": (1, 2),
    "klimaat": (2, 3),
    "circulair": (1, 3),
    "ketenverantwoordelijkheid": (1, 2),
    "diversiteit-en-inclusie": (1, 1),
    "social-return": (2, 2),
}
CATEGORY_WEBS = {
    "ICT-hardware": {
        "milieu-en-biodiversiteit": (1, 2, ""),
        "klimaat": (2, 3, ""),
        "circulair": (1, 3, ""),
        "ketenverantwoordelijkheid": (2, 3, ""),
        "diversiteit-en-inclusie": (1, 1, ""),
        "social-return": (1, 1, "Weinig arbeidsintensief werk in dit contract; social return zit in het ICT-beheer."),
    },
    "GWW en infrastructuur": {
        "milieu-en-biodiversiteit": (2, 3, ""),
        "klimaat": (2, 3, ""),
        "circulair": (2, 3, ""),
        "ketenverantwoordelijkheid": (1, 2, ""),
        "diversiteit-en-inclusie": (1, 1, ""),
        "social-return": (2, 3, ""),
    },
}


def build_ambition_webs(organisation) -> None:
    themes = {t.slug: t for t in AmbitionTheme.objects.all()}
    save_levels(
        organisation,
        None,
        {
            themes[slug].pk: (current, ambition, "")
            for slug, (current, ambition) in GENERIC_WEB.items()
            if slug in themes
        },
    )
    for name, web in CATEGORY_WEBS.items():
        category = ProductCategory.objects.filter(organisation=organisation, name=name).first()
        if category:
            save_levels(
                organisation,
                category,
                {themes[slug].pk: levels for slug, levels in web.items() if slug in themes},
            )


def build(context) -> None:
    """The programme step of ``load_demo``, on top of ``organisations.demo.build()``."""
    build_menu_scan(context.organisation, context.users)
    build_categories(context.organisation)
    build_strategies(context.organisation, context.users[Role.CHEF_CIRCULAIR], today=date(2026, 2, 1))
    build_ambition_webs(context.organisation)
