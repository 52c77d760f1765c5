"""Referentie en effect in the browser: the team enters a reference and a plan and sees the effect; axe scans."""

import datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import decide, start_trajectory

from .conftest import assert_accessible, follow, login


@pytest.fixture(autouse=True)
def _factors(world):
    call_command("load_impact_factors", "--force", verbosity=0)


@pytest.fixture
def trajectory(world):
    trajectory = start_trajectory(
        world,
        title="Laptops flexplekken",
        contract_start=datetime.date(2026, 1, 1),
        contract_end=datetime.date(2029, 12, 31),
    )
    decide(trajectory, world.users["inkoper"], r1="ja")
    return trajectory


def _add_line(page, link: str, description: str, quantity: str, price: str) -> None:
    follow(page.get_by_role("link", name=link))
    page.get_by_label("Omschrijving (optioneel)").fill(description)
    page.get_by_label("Impactfactor (optioneel)").select_option(label="Laptop (14 inch) – per stuk")
    page.get_by_label("Hoeveelheid over de hele looptijd").fill(quantity)
    page.get_by_label("Prijs per eenheid in euro (optioneel)").fill(price)
    follow(page.get_by_role("button", name="Regel opslaan"))


def test_the_team_enters_a_reference_and_a_plan_and_sees_the_effect(page, world, trajectory):
    """Plain links and forms (no htmx on these pages): the same steps work without JavaScript."""
    login(page, "inkoper", world.password)
    phase_url = f"/trajecten/{trajectory.pk}/fasen/startoverleg/"
    page.goto(phase_url)
    effect = page.locator("#effect")
    expect(effect.get_by_role("heading", name="Referentie en effect")).to_be_visible()
    expect(effect).to_contain_text("Looptijd: 4 jaar, vanaf 2026.")

    # A wrong number first: a Dutch error next to the field and in the summary.
    follow(page.get_by_role("link", name="Regel toevoegen aan de referentie"))
    page.get_by_label("Hoeveelheid over de hele looptijd").fill("-120")
    follow(page.get_by_role("button", name="Regel opslaan"))
    expect(page.locator("#error-summary")).to_contain_text("Een hoeveelheid kan niet negatief zijn.")
    assert_accessible(page)
    page.goto(phase_url)

    _add_line(page, "Regel toevoegen aan de referentie", "Laptops per afdeling", "120", "1.050")
    _add_line(page, "Regel toevoegen aan het plan", "Gedeelde apparaten", "80", "1.050")

    table = page.get_by_role("table", name="Vermeden ten opzichte van de referentie, over een looptijd van 4 jaar")
    expect(table.get_by_role("row", name="CO2-equivalent")).to_contain_text("9,6 ton CO2e")
    expect(table.get_by_role("row", name="CO2-equivalent")).to_contain_text("2,4 ton CO2e")
    expect(table.get_by_role("row", name="Euro")).to_contain_text("€ 42.000")
    expect(table.get_by_role("row", name="Materiaal")).to_contain_text("64,8 kg")
    expect(page.get_by_role("table", name="Regels van de referentie")).to_contain_text("Laptops per afdeling")
    expect(
        page.get_by_role("table", name="Gebruikte factoren en bronnen (zoals vastgelegd bij de regels)")
    ).to_contain_text("Laptop (14 inch)")
    assert_accessible(page)


def test_the_effect_pages_have_no_accessibility_violations(page, world, trajectory):
    login(page, "inkoper", world.password)
    page.goto(f"/trajecten/{trajectory.pk}/effect/regels/nieuw/?soort=referentie")
    _factor = page.get_by_label("Impactfactor (optioneel)")
    _factor.select_option(label="Laptop (14 inch) – per stuk")
    page.get_by_label("Hoeveelheid over de hele looptijd").fill("10.000")
    follow(page.get_by_role("button", name="Regel opslaan"))
    line = trajectory.impact_lines.get()
    assert line.quantity == 10000
    for path in [
        f"/trajecten/{trajectory.pk}/effect/regels/nieuw/?soort=plan",
        f"/trajecten/{trajectory.pk}/effect/regels/{line.pk}/",
        f"/trajecten/{trajectory.pk}/effect/regels/{line.pk}/verwijderen/",
        f"/trajecten/{trajectory.pk}/effect/looptijd/",
        f"/trajecten/{trajectory.pk}/fasen/intern-evalueren/",
        f"/trajecten/{trajectory.pk}/dossier/",
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
