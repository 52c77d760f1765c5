"""Two-factor authentication in a browser: set-up with the QR code, then the code step of the login; axe on each."""

import re
from base64 import b32decode

from django_otp.oath import totp
from playwright.sync_api import expect

from .conftest import assert_accessible, follow, log_out, login, open_menu


def test_setting_up_two_factor_and_logging_in_with_a_code(page, world):
    login(page, "inkoper", world.password)
    open_menu(page, "account")
    follow(page.get_by_role("link", name="Tweestapsverificatie"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    assert_accessible(page)

    follow(page.get_by_role("link", name="Tweestapsverificatie instellen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.locator("svg.qr-code")).to_be_visible()
    assert_accessible(page)
    secret = page.locator(".secret-key").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))

    page.get_by_label("Code uit je authenticator-app").fill("000000" if totp(key) != 0 else "111111")
    follow(page.get_by_role("button", name="Tweestapsverificatie aanzetten"))
    expect(page).to_have_title(re.compile(r"^Fout: "))
    expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet.")
    assert_accessible(page)

    page.get_by_label("Code uit je authenticator-app").fill(f"{totp(key):06d}")
    follow(page.get_by_role("button", name="Tweestapsverificatie aanzetten"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Herstelcodes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert_accessible(page)

    log_out(page)
    login(page, "inkoper", world.password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Voer de code uit je authenticator-app in")
    assert_accessible(page)
    page.get_by_label("Code").fill(f"{totp(key, drift=1):06d}")  # the next code: a used one is refused
    follow(page.get_by_role("button", name="Verder"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn trajecten")
