"""The award model in a browser: build it, enter three bids the Dutch way, see the ranking and the break-even,
download the XLSX; a bad price gets an error beside the field and in the summary. Axe on the pages."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.factories import start_trajectory

from .conftest import assert_accessible, follow, login

BIDS = [
    ("Circulair bv", "30.000.000", "3", True),
    ("Lineair bv", "29.000.000", "0", False),
    ("Derde bv", "29.500.000", "0", False),
]


def test_an_award_model_is_built_with_three_bids_ranked_and_downloaded(page, world):
    trajectory = start_trajectory(world, title="Laptops gunnen")
    login(page, "inkoper", world.password)
    page.goto(f"/trajecten/{trajectory.pk}/gunning/")
    assert_accessible(page)
    page.get_by_label("Beoordelingsmethode").select_option("fictieve-korting")
    for number, (name, price, level, circular) in enumerate(BIDS, start=1):
        row = page.locator("fieldset", has=page.locator("legend", has_text=f"Inschrijving {number}"))
        row.get_by_label("Naam").fill(name)
        row.get_by_label("Prijs (€)").fill(price)
        row.get_by_label("Kwaliteitsscore (0–100)").fill("0")
        row.get_by_label("Trede CO2-Prestatieladder").select_option(level)
        if circular:
            row.get_by_label("Circulaire inschrijving").check()
    follow(page.get_by_role("button", name="Opslaan en doorrekenen"))
    table = page.locator("table")
    expect(table.locator("tbody tr").first).to_contain_text("Circulair bv")
    expect(table).to_contain_text("€\xa028.800.000")
    expect(page.locator("main")).to_contain_text("€\xa030.208.333,32")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de berekening met formules (.xlsx)").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book["Inschrijvingen"]["A2"].value == "Circulair bv"
    assert book["Inschrijvingen"]["G2"].value == '=ROUND(B2,2)-F2+IF(E2<>"",ROUND(Gunningsmodel!$B$13*E2,2),0)'
    row = page.locator("fieldset", has=page.locator("legend", has_text="Inschrijving 2"))
    row.get_by_label("Prijs (€)").fill("-5")
    follow(page.get_by_role("button", name="Opslaan en doorrekenen"))
    # The error stands beside the field and is its accessible description (aria-describedby).
    price = page.locator("fieldset", has=page.locator("legend", has_text="Inschrijving 2")).get_by_label("Prijs (€)")
    expect(price).to_have_accessible_description(re.compile("groter dan nul"))
    expect(page.locator(".utrecht-form-field-error-message", has_text="groter dan nul").first).to_be_visible()
    assert page.title().startswith("Fout:")
    assert_accessible(page)
    page.goto("/beoordelingsmethoden/")
    assert_accessible(page)


def test_the_award_is_recorded_and_its_promise_becomes_a_contract_kpi(page, world):
    trajectory = start_trajectory(world, title="Laptops gegund")
    login(page, "inkoper", world.password)
    page.goto(f"/trajecten/{trajectory.pk}/gunning/")
    page.get_by_label("Beoordelingsmethode").select_option("fictieve-korting")
    for number, (name, price, level, circular) in enumerate(BIDS, start=1):
        row = page.locator("fieldset", has=page.locator("legend", has_text=f"Inschrijving {number}"))
        row.get_by_label("Naam").fill(name)
        row.get_by_label("Prijs (€)").fill(price)
        row.get_by_label("Kwaliteitsscore (0–100)").fill("0")
        row.get_by_label("Trede CO2-Prestatieladder").select_option(level)
        if circular:
            row.get_by_label("Circulaire inschrijving").check()
    follow(page.get_by_role("button", name="Opslaan en doorrekenen"))
    follow(page.get_by_role("link", name="Gunning vastleggen"))
    # The simulation's winner and its offer are filled in as a start.
    expect(page.get_by_label("Winnende inschrijver")).to_have_value("Circulair bv")
    assert_accessible(page)
    page.get_by_label("Sanctie bij niet nakomen: factor × het verkregen gunningsvoordeel").fill("twee")
    follow(page.get_by_role("button", name="Gunning vastleggen"))
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.title().startswith("Fout:")
    assert_accessible(page)
    page.get_by_label("Sanctie bij niet nakomen: factor × het verkregen gunningsvoordeel").fill("1,5")
    follow(page.get_by_role("button", name="Gunning vastleggen"))
    promises = page.locator("table", has_text="Beloften uit de gunning")
    expect(promises).to_contain_text("Trede CO2-Prestatieladder")
    expect(promises).to_contain_text("€\xa01.200.000")  # 4 % of 30 miljoen
    expect(promises).to_contain_text("nog niet gerapporteerd")
    assert_accessible(page)
    follow(page.get_by_role("link", name="Naar de contract-KPI's"))
    expect(page.locator("main")).to_contain_text("Beloften uit de gunning")
    assert_accessible(page)
