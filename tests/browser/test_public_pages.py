"""Every public page passes an axe-core WCAG 2.1 A/AA scan, and reads well."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, log_out, login

PUBLIC_PAGES = [
    "/",
    "/fasen/",
    "/fasen/startoverleg/",
    "/fasen/circulaire-marktverkenning/",
    "/fasen/doelen-en-kpis-in-contracten/",
    "/fasen/circulair-aanbesteden/",
    "/fasen/partnerschappen-ontwikkelen/",
    "/fasen/intern-evalueren/",
    "/menu/",
    "/r-ladder/",
    "/uitgangspunten/",
    "/uitgangspunten/de-chef-en-draagvlak/",
    "/uitgangspunten/intern-draagvlak-creeren/",
    "/uitgangspunten/productstrategieen-maken/",
    "/uitgangspunten/opstellen-van-kpis/",
    "/uitgangspunten/rapporteren-monitoren-bijsturen/",
    "/account/inloggen/",
    "/account/wachtwoord/vergeten/",
    "/bestaat-niet/",
]


def test_every_public_page_has_no_accessibility_violations(page):
    for path in PUBLIC_PAGES:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("html").get_attribute("lang") == "nl", path
        assert_accessible(page)


def test_the_skip_link_moves_to_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#inhoud$"))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_wrong_password_is_refused_in_dutch_with_an_error_summary(new_page, world, javascript):
    page = new_page(java_script_enabled=javascript)
    login(page, "inkoper", "fout-wachtwoord")
    expect(page).to_have_title(re.compile(r"^Fout: "))
    expect(page.get_by_role("alert")).to_contain_text("Het e-mailadres of het wachtwoord klopt niet")
    if javascript:  # axe-core itself needs JavaScript
        assert_accessible(page)


def test_a_member_logs_in_and_out(page, world):
    login(page, "inkoper", world.password)
    expect(page.get_by_text("Gemeente Alfa").first).to_be_visible()
    log_out(page)
    expect(page.get_by_role("link", name="Inloggen").first).to_be_visible()
