"""The impact-factor pages pass axe, and a chef circulair adds a factor typed the Dutch way."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import assert_accessible, follow, login


@pytest.fixture(autouse=True)
def _factors(world):
    call_command("load_impact_factors", "--force", verbosity=0)


def test_the_sources_page_has_no_accessibility_violations_and_explains_the_method(page):
    page.goto("/")
    follow(page.get_by_role("link", name="Bronnen en methode van de impactberekening"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bronnen en methode")
    expect(page.get_by_role("table", name="ICT-hardware")).to_contain_text("239,1")
    assert_accessible(page)


def test_the_factor_pages_have_no_accessibility_violations(page, world):
    login(page, "chef", world.password)
    pk = world.factor_a.pk
    for path in [
        "/programma/impactfactoren/",
        "/programma/impactfactoren/nieuw/",
        "/programma/impactfactoren/nieuw/?vervangt=ict_laptop_14",
        f"/programma/impactfactoren/{pk}/wijzigen/",
        f"/programma/impactfactoren/{pk}/verwijderen/",
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_the_chef_adds_a_factor_typed_the_dutch_way_after_an_error(page, world):
    login(page, "chef", world.password)
    page.goto("/programma/")
    follow(page.get_by_role("link", name="Impactfactoren"))
    follow(page.get_by_role("link", name="Eigen factor toevoegen"))
    page.locator("#id_item_nl").fill("Werkbroek")
    page.locator("#id_category_nl").fill("Bedrijfskleding en textiel")
    page.locator("#id_unit").select_option("stuk")
    page.locator("#id_kg_co2e_per_unit").fill("12,5 kilo")
    follow(page.get_by_role("button", name="Factor opslaan"))
    expect(page.locator("#error-summary")).to_contain_text("Vul een getal in")
    assert_accessible(page)
    page.locator("#id_kg_co2e_per_unit").fill("1.250,5")
    follow(page.get_by_role("button", name="Factor opslaan"))
    expect(page.get_by_role("table", name="Factoren van je organisatie")).to_contain_text("1.250,5")
