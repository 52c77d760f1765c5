"""The nulmeting in volumes and the dashboard's effect section pass axe; the chef enters volumes in a browser."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import assert_accessible, follow, login


@pytest.fixture(autouse=True)
def _factors(world):
    call_command("load_impact_factors", "--force", verbosity=0)


def test_the_chef_enters_the_nulmeting_in_volumes_after_a_unit_error(page, world):
    from rladder.models import ImpactFactor

    laptop = ImpactFactor.objects.get(key="ict_laptop_14")
    clothes = ImpactFactor.objects.get(key="text_kleding_kg")
    login(page, "chef", world.password)
    page.goto(f"/programma/categorieen/{world.category_a_only.slug}/")
    follow(page.get_by_role("link", name="Nulmeting in volumes invullen"))
    assert_accessible(page)
    page.locator("#id_regel-0-factor").select_option(f"gedeeld-{laptop.pk}")
    page.locator("#id_regel-0-quantity").fill("1.200")
    page.locator("#id_regel-0-quantity_unit").select_option("stuk")
    page.locator("#id_regel-1-factor").select_option(f"gedeeld-{clothes.pk}")
    page.locator("#id_regel-1-quantity").fill("250")
    page.locator("#id_regel-1-quantity_unit").select_option("stuk")
    follow(page.get_by_role("button", name="Nulmeting opslaan"))
    expect(page.locator("#error-summary")).to_contain_text("vul het gewicht per stuk in")
    assert_accessible(page)
    page.locator("#id_regel-1-unit_weight_kg").fill("0,6")
    follow(page.get_by_role("button", name="Nulmeting opslaan"))
    table = page.get_by_role("table", name="Regels van de nulmeting: hoeveelheid per jaar maal de factor")
    expect(table).to_contain_text("Laptop (14 inch)")
    expect(table).to_contain_text("1.200 stuk")
    expect(page.locator("#nulmeting-volumes-sectie")).to_contain_text("ton")
    assert_accessible(page)


def test_the_dashboard_effect_section_has_no_accessibility_violations(page, world):
    from procurement.models import Trajectory, TrajectoryEffect
    from rladder.models import RStrategy

    trajectory = Trajectory.objects.for_organisation(world.org_a).first()
    Trajectory.objects.for_organisation(world.org_a).filter(pk=trajectory.pk).update(
        chosen_strategy=RStrategy.objects.get(code="R1")
    )
    TrajectoryEffect.objects.update_or_create(
        trajectory=trajectory,
        defaults={
            "term_years": Decimal(4),
            "first_year": 2026,
            "planned_kg_material": Decimal(65),
            "planned_kg_co2e": Decimal(9564),
            "planned_kg_co2e_low": Decimal(8000),
            "planned_kg_co2e_high": Decimal(11000),
            "planned_eur": Decimal(38000),
        },
    )
    login(page, "lezer", world.password)
    page.goto("/dashboard/?jaar=2027")
    expect(page.get_by_role("heading", name="Effect van circulaire keuzes")).to_be_visible()
    expect(page.get_by_role("img", name="Vermeden kg CO2-equivalent in 2027 per R-strategie")).to_be_visible()
    expect(page.get_by_role("table", name="Vermeden in 2027 per R-strategie, gepland en gerealiseerd")).to_contain_text(
        "2,4 ton"
    )
    assert_accessible(page)
