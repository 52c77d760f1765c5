"""The chef circulair publishes the accessibility statement; the form and the public page pass axe."""

import re

from playwright.sync_api import expect

from .conftest import assert_accessible, follow, log_out, login


def test_the_chef_publishes_a_statement_after_fixing_an_error_and_anyone_can_read_it(page, world):
    login(page, "chef", world.password)
    page.goto("/programma/toegankelijkheid/")
    assert_accessible(page)
    page.get_by_label("Nalevingsstatus").select_option("c")
    page.get_by_label("Datum van de verklaring").fill("2026-11-02")
    page.get_by_label("E-mailadres voor vragen en meldingen").fill("niet-goed")
    page.locator("#id_probleem-0-description").fill("De grafieken hebben geen tekstalternatief.")
    page.get_by_label("Opgelost vóór").fill("2027-06-30")
    follow(page.get_by_role("button", name="Opslaan en publiceren"))

    expect(page).to_have_title(re.compile("^Fout:"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Vul een geldig e-mailadres in")
    assert_accessible(page)
    page.get_by_label("E-mailadres voor vragen en meldingen").fill("toegankelijk@alfa.nl")
    follow(page.get_by_role("button", name="Opslaan en publiceren"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Toegankelijkheidsverklaring")
    expect(page.get_by_text("C: eerste maatregelen genomen")).to_be_visible()
    expect(page.get_by_text("De grafieken hebben geen tekstalternatief.")).to_be_visible()
    assert_accessible(page)

    log_out(page)
    follow(page.get_by_role("link", name="Toegankelijkheid"))
    follow(page.get_by_role("link", name="Gemeente Alfa"))
    expect(page.get_by_text("30 juni 2027")).to_be_visible()
    assert_accessible(page)
