"""The language switch in a browser: English and back, from the login page and the header; axe in English."""

from playwright.sync_api import expect

from .conftest import assert_accessible, follow, login, open_menu


def test_a_visitor_switches_to_english_on_the_login_page_and_back(page):
    page.goto("/account/inloggen/")
    main = page.get_by_role("main")
    expect(main.get_by_role("button", name="Nederlands")).to_have_attribute("aria-pressed", "true")
    follow(main.get_by_role("button", name="English"))
    assert page.url.endswith("/account/inloggen/")  # back where the choice was made
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(main.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)
    follow(page.get_by_role("banner").get_by_role("button", name="Nederlands"))
    assert page.locator("html").get_attribute("lang") == "nl"


def test_a_member_chooses_english_and_keeps_it_after_signing_in_again(new_page, world):
    page = new_page()
    login(page, "chef", world.password)
    open_menu(page, "account")  # a member's switch is in the account menu
    follow(page.get_by_role("banner").get_by_role("button", name="English"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    other = new_page()  # another browser: no cookie, the stored choice counts
    login(other, "chef", world.password)
    assert other.locator("html").get_attribute("lang") == "en"
