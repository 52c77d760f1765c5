"""Access rows of the programme overview, product strategies and ambitiewebs."""

from datetime import date

from rladder.models import AmbitionTheme, ProductStrategy, RStrategy

from .rows_organisations_programme import A_ONLY_CATEGORY, own_org
from .table import Row, managers, members


def build(world) -> None:
    strategies = {s.code: s for s in RStrategy.objects.all()}
    strategy = ProductStrategy.objects.create(
        category=_a_only(world),
        baseline_date=date(2026, 1, 1),
        baseline_strategy=strategies["R5"],
        goal_year=2036,
        goal_strategy=strategies["R1"],
    )
    by_number = {s.number: s for s in strategies.values()}
    for row in strategy.propose_milestones(by_number)[:3]:
        strategy.milestones.create(year=row["year"], target=row["strategy"], description=row["description"])


def _a_only(world):
    return world.org_a.categories.get(name=A_ONLY_CATEGORY)


def load(world) -> None:
    world.strategy_a = ProductStrategy.objects.get(category__organisation=world.org_a)


def web_data(world) -> dict:
    data = {}
    for theme in AmbitionTheme.objects.filter(active=True):
        data[f"current_{theme.slug}"] = "1"
        data[f"ambition_{theme.slug}"] = "2"
        data[f"reason_{theme.slug}"] = ""
    return data


def strategy_data(world) -> dict:
    r = {s.code: s.pk for s in RStrategy.objects.all()}
    return {
        "status": "concept",
        "owner": "",
        "baseline_date": "2026-01-01",
        "baseline_strategy": r["R5"],
        "baseline_tool": "Impact Kompas",
        "baseline_description": "",
        "impact": "laag",
        "supply_risk": "laag",
        "r0_consideration": "",
        "r1_consideration": "",
        "r2_consideration": "",
        "goal_year": "2036",
        "goal_strategy": r["R1"],
        "goal_basis": "organisatie",
        "goal_description": "",
    }


def milestone_data(world) -> dict:
    r = {s.code: s.pk for s in RStrategy.objects.all()}
    return {
        "mijlpaal-TOTAL_FORMS": "1",
        "mijlpaal-INITIAL_FORMS": "0",
        "mijlpaal-MIN_NUM_FORMS": "0",
        "mijlpaal-MAX_NUM_FORMS": "50",
        "mijlpaal-0-year": "2030",
        "mijlpaal-0-target": r["R3"],
        "mijlpaal-0-description": "Hergebruik is de standaard.",
    }


def _slug(w) -> dict:
    return {"slug": w.category_a_only.slug}


ROWS = [
    Row("rladder:programme", own_org(members())),
    Row("rladder:ambition_web", own_org(members())),
    Row("rladder:ambition_web_edit", own_org(managers())),
    Row("rladder:ambition_web_edit", own_org(managers(302)), method="POST", data=web_data),
    Row("rladder:strategy_edit", managers(), kwargs=_slug),
    Row("rladder:strategy_edit", managers(302), method="POST", kwargs=_slug, data=strategy_data),
    Row("rladder:milestones_edit", managers(), kwargs=_slug),
    Row("rladder:milestones_edit", managers(302), method="POST", kwargs=_slug, data=milestone_data),
    Row("rladder:category_ambition_edit", managers(), kwargs=_slug),
    Row("rladder:category_ambition_edit", managers(302), method="POST", kwargs=_slug, data=web_data),
]


def baseline_data(world) -> dict:
    from rladder.models import ImpactFactor

    laptop = ImpactFactor.objects.order_by("pk").filter(unit="stuk").first()
    return {
        "regel-TOTAL_FORMS": "1",
        "regel-INITIAL_FORMS": "0",
        "regel-MIN_NUM_FORMS": "0",
        "regel-MAX_NUM_FORMS": "100",
        "regel-0-factor": f"gedeeld-{laptop.pk}",
        "regel-0-quantity": "120",
        "regel-0-quantity_unit": "stuk",
        "regel-0-unit_weight_kg": "",
        "regel-0-description": "Laptops",
    }


ROWS += [
    Row("rladder:baseline_edit", managers(), kwargs=_slug),
    Row("rladder:baseline_edit", managers(302), method="POST", kwargs=_slug, data=baseline_data),
    Row("rladder:baseline_recalculate", managers(302), method="POST", kwargs=_slug),
]
